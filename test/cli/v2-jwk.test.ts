/** The v2 command tree for JSON Web Keys (`hydra create jwk`, ...) through the built CLI. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startTestServer, type TestServer } from '../support/server.js';
import { runCli, type RunOptions } from './cli-runner.js';

describe('v2 jwk commands', () => {
  let server: TestServer;
  let dir: string;
  const cli = (args: string[], options: RunOptions = {}) =>
    runCli(args, { ...options, env: { ORY_SDK_URL: server.adminUrl, ...options.env } });
  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'tessera-jwk-'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a key set and prints it as a table', async () => {
    const result = await cli(['create', 'jwk', 'cli-set', 'cli-kid'], { as: 'hydra' });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n').map((line) => line.split(/\t+/).filter(Boolean));
    assert.deepEqual(lines, [['SET ID', 'KEY ID', 'ALGORITHM', 'USE'], ['cli-set', 'cli-kid', 'RS256', 'sig']]);
  });

  it('creates with --alg, --use and --public in json and yaml', async () => {
    const json = await cli(['create', 'jwks', 'cli-ec', '--alg', 'ES256', '--use', 'sig', '--public', '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const set = JSON.parse(json.stdout);
    assert.equal(set.set, 'cli-ec');
    assert.equal(set.keys[0].alg, 'ES256');
    assert.equal(set.keys[0].set, 'cli-ec');
    assert.equal(set.keys[0].d, undefined, '--public strips the private part');
    const yaml = await cli(['create', 'jwk', 'cli-yaml', '--format', 'yaml']);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.equal(parseYaml(yaml.stdout).keys[0].alg, 'RS256');
  });

  it('gets key sets; a single key prints as a row', async () => {
    const row = await cli(['get', 'jwk', 'cli-set', '--format', 'json-pretty']);
    assert.equal(row.code, 0, row.stderr);
    const key = JSON.parse(row.stdout);
    assert.equal(key.kid, 'cli-kid');
    assert.equal(key.set, 'cli-set');
    const table = await cli(['get', 'jwks', 'cli-set', 'cli-ec', '--public']);
    assert.equal(table.code, 0, table.stderr);
    assert.deepEqual(table.stdout.trimEnd().split('\n').slice(1).map((line) => line.split('\t')[0]), ['cli-set', 'cli-ec']);
    const pub = JSON.parse((await cli(['get', 'jwk', 'cli-set', '--public', '--format', 'json'])).stdout);
    assert.equal(pub.d, undefined);
  });

  it('imports JWK and PEM files, and stdin', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwkFile = join(dir, 'key.json');
    writeFileSync(jwkFile, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'imported-ec', alg: 'ES256', use: 'sig' }));
    const pemFile = join(dir, 'public.pem');
    writeFileSync(pemFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const result = await cli(['import', 'jwk', 'cli-import', jwkFile, pemFile, '--alg', 'ES256', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const imported = JSON.parse(result.stdout);
    assert.equal(imported.keys.length, 2);
    assert.ok(imported.keys.some((k: { kid: string }) => k.kid === 'imported-ec'));
    const stdin = await cli(['import', 'jwk', 'cli-import', '-q'], {
      input: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: 'from-stdin', alg: 'ES256' }),
    });
    assert.equal(stdin.code, 0, stdin.stderr);
    assert.equal(stdin.stdout, 'from-stdin\n');
    const kids = JSON.parse((await cli(['get', 'jwk', 'cli-import', '--format', 'json'])).stdout).keys.map((k: { kid: string }) => k.kid);
    assert.ok(kids.includes('imported-ec') && kids.includes('from-stdin'), kids.join());
  });

  it('refuses a PEM key without --alg, before any request', async () => {
    const pemFile = join(dir, 'rsa.pem');
    writeFileSync(pemFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const result = await cli(['import', 'jwk', 'cli-none', pemFile]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--alg/);
  });

  it('deletes key sets', async () => {
    const result = await cli(['delete', 'jwk', 'cli-set', 'cli-yaml']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trimEnd().split('\n').map((line) => line.replace(/\t+$/, '')), ['ID', 'cli-set', 'cli-yaml']);
    assert.notEqual((await cli(['get', 'jwk', 'cli-set'])).code, 0);
  });
});
