/**
 * What the CLI sends on the wire: `-H` headers, the v1 proxy and token flags, and TLS that is
 * verified unless `--skip-tls-verify`. A stub HTTPS server with a throwaway self-signed
 * certificate (made by the openssl binary, skipped where there is none) echoes what it got.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-runner.js';

function echo(request: { url?: string; headers: IncomingHttpHeaders }, response: { writeHead: Function; end: Function }) {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ client_id: 'echo', path: request.url, headers: request.headers }));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer } | undefined {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore', timeout: 20_000 });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return undefined;
  }
}

describe('CLI connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));
  const http = createHttpServer(echo);
  const certificate = selfSignedCertificate(dir);
  const https = certificate ? createHttpsServer(certificate, echo) : undefined;
  let httpUrl: string;
  let httpsUrl: string;
  before(async () => {
    httpUrl = `http://127.0.0.1:${await listen(http)}/prefix/`;
    if (https) httpsUrl = `https://127.0.0.1:${await listen(https as unknown as Server)}`;
  });
  after(() => {
    http.close();
    https?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends -H headers and keeps a path prefix of the endpoint', async () => {
    const result = await runCli(['get', 'client', 'a b', '-e', httpUrl, '-H', 'X-Custom: one:two', '-H', 'Authorization: bearer t', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const seen = JSON.parse(result.stdout);
    assert.equal(seen.path, '/prefix/admin/clients/a%20b');
    assert.equal(seen.headers['x-custom'], 'one:two');
    assert.equal(seen.headers.authorization, 'bearer t');
  });

  it('sends the v1 --fake-tls-termination and --access-token headers', async () => {
    const result = await runCli(['clients', 'get', 'x', '--endpoint', httpUrl, '--fake-tls-termination'], { env: { OAUTH2_ACCESS_TOKEN: 'env-token' } });
    assert.equal(result.code, 0, result.stderr);
    const seen = JSON.parse(result.stdout);
    assert.equal(seen.headers['x-forwarded-proto'], 'https');
    assert.equal(seen.headers.authorization, 'Bearer env-token');
  });

  it('verifies TLS unless --skip-tls-verify', { skip: !certificate && 'no openssl binary' }, async () => {
    const refused = await runCli(['get', 'client', 'x', '-e', httpsUrl]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Could not reach https:\/\/127\.0\.0\.1:\d+\/admin\/clients\/x .*--skip-tls-verify/s);
    const accepted = await runCli(['--skip-tls-verify', 'get', 'client', 'x', '-e', httpsUrl, '--format', 'json']);
    assert.equal(accepted.code, 0, accepted.stderr);
    const v1 = await runCli(['clients', 'get', 'x', '--endpoint', httpsUrl, '--skip-tls-verify']);
    assert.equal(v1.code, 0, v1.stderr);
  });
});
