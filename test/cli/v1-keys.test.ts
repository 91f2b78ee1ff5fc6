/** The v1 syntax for keys (`hydra keys ...`), against a real server, through the built CLI. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/server.js';
import { runCli } from './cli-runner.js';

describe('v1 keys commands', () => {
  let server: TestServer;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, '--endpoint', server.adminUrl], { as: 'hydra' });
  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'tessera-keys-'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a key set with -a and -u and prints it as JSON', async () => {
    const result = await cli('keys', 'create', 'v1-set', 'v1-kid', '-a', 'ES256', '-u', 'sig');
    assert.equal(result.code, 0, result.stderr);
    const set = JSON.parse(result.stdout);
    assert.equal(set.keys.length, 1);
    assert.equal(set.keys[0].kid, 'v1-kid');
    assert.equal(set.keys[0].alg, 'ES256');
    assert.equal(set.keys[0].use, 'sig');
  });

  it('creates keys of every algorithm of the v1 guide', async () => {
    const types: Record<string, string> = { RS256: 'RSA', ES256: 'EC', ES512: 'EC', HS256: 'oct', EdDSA: 'OKP' };
    for (const [alg, kty] of Object.entries(types)) {
      const result = await cli('keys', 'create', `v1-${alg}`, '-a', alg, '-u', 'sig');
      assert.equal(result.code, 0, `${alg}: ${result.stderr}`);
      const key = JSON.parse(result.stdout).keys[0];
      assert.deepEqual([key.alg, key.kty], [alg, kty]);
    }
  });

  it('creates a key without a key ID', async () => {
    const result = await cli('keys', 'create', 'v1-other', '-a', 'RS256');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(JSON.parse(result.stdout).keys[0].kid);
  });

  it('gets a key set', async () => {
    const result = await cli('keys', 'get', 'v1-set');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\{\n\t"keys"/);
    assert.deepEqual(JSON.parse(result.stdout).keys.map((k: { kid: string }) => k.kid), ['v1-kid']);
  });

  it('imports a PEM private key into a set', async () => {
    const pem = join(dir, 'rsa.pem');
    writeFileSync(pem, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const result = await cli('keys', 'import', 'v1-imported', pem);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `Successfully loaded key from file: ${pem}\nJSON Web Key Set successfully imported!\n`);
    const set = JSON.parse((await cli('keys', 'get', 'v1-imported')).stdout);
    assert.equal(set.keys.length, 1);
    assert.match(set.keys[0].kid, /^private:/);
    assert.equal(set.keys[0].kty, 'RSA');
  });

  it('deletes a key set', async () => {
    const result = await cli('keys', 'delete', 'v1-set');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'JSON Web Key Set deleted: v1-set\n');
    assert.notEqual((await cli('keys', 'get', 'v1-set')).code, 0);
  });
});
