/**
 * X-Request-Id: a gateway's id is kept when it is a short token, anything else is replaced by a
 * generated UUID; the id is echoed on every response (success, 404, OAuth error, malformed URL)
 * and is the `request_id` of that request's log lines. `serve.*.request_log.disable_for_health`
 * silences the health probes only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { request as httpRequest } from 'node:http';
import { createLogger } from '../../src/http/logging/logger.js';
import { startTestServer, type TestServer } from '../support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A GET with a raw header value fetch would refuse to send. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; requestId: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, requestId: response.headers['x-request-id'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('request ids', () => {
  const records: Array<Record<string, unknown>> = [];
  let server: TestServer;

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) records.push(JSON.parse(line));
        done();
      },
    });
    server = await startTestServer({ logger: createLogger('debug', 'json', sink), env: { SERVE_PUBLIC_REQUEST_LOG_DISABLE_FOR_HEALTH: 'true' } });
  });
  after(async () => {
    await server?.close();
  });

  const linesOf = (id: string) => records.filter((record) => record.request_id === id);

  it('keeps a sane inbound id, echoes it and logs every line of the request under it', async () => {
    const id = 'edge-01HZX3K8Q5:a1b2.c3_d4-e5';
    const response = await fetch(`${server.adminUrl}/admin/clients`, { headers: { 'x-request-id': id } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), id);
    const lines = linesOf(id);
    assert.deepEqual(lines.map((line) => line.msg), ['incoming request', 'request completed']);
  });

  it('generates a UUID when none is sent, a different one per request', async () => {
    const first = (await fetch(`${server.publicUrl}/.well-known/openid-configuration`)).headers.get('x-request-id') ?? '';
    const second = (await fetch(`${server.publicUrl}/.well-known/openid-configuration`)).headers.get('x-request-id') ?? '';
    assert.match(first, UUID);
    assert.match(second, UUID);
    assert.notEqual(first, second);
    assert.equal(linesOf(first).length, 2);
  });

  it('replaces an inbound id that is too long or not a plain token', async () => {
    for (const bad of ['x'.repeat(129), 'has space', 'quote"and{json}', 'semi;colon', 'é-unicode']) {
      const response = await rawGet(`${server.publicUrl}/health/alive`, { 'x-request-id': bad });
      assert.equal(response.status, 200);
      assert.match(response.requestId ?? '', UUID, `replaced: ${bad}`);
    }
    assert.ok(!records.some((record) => String(record.request_id).includes('has space')));
  });

  it('echoes the id on a 404, an OAuth error and a malformed URL, and logs the rejection under it', async () => {
    const notFound = await fetch(`${server.publicUrl}/no/such/path`, { headers: { 'x-request-id': 'req-404' } });
    assert.equal(notFound.status, 404);
    assert.equal(notFound.headers.get('x-request-id'), 'req-404');
    const oauthError = await fetch(`${server.publicUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'req-400' },
      body: 'grant_type=client_credentials',
    });
    assert.equal(oauthError.status, 401);
    assert.equal(oauthError.headers.get('x-request-id'), 'req-400');
    const rejection = linesOf('req-400').find((line) => line.msg === 'request rejected');
    assert.equal(rejection?.error, 'invalid_client');
    const badUrl = await rawGet(`${server.publicUrl}/%zz`, { 'x-request-id': 'req-bad-url' });
    assert.equal(badUrl.status, 400);
    assert.equal(badUrl.requestId, 'req-bad-url');
  });

  it('writes no request line for health probes when request_log.disable_for_health is set', async () => {
    const probe = await fetch(`${server.publicUrl}/health/alive`, { headers: { 'x-request-id': 'probe-1' } });
    assert.equal(probe.status, 200);
    assert.equal(probe.headers.get('x-request-id'), 'probe-1');
    assert.equal(linesOf('probe-1').length, 0);
    // The admin listener has its own setting, off by default.
    await fetch(`${server.adminUrl}/health/alive`, { headers: { 'x-request-id': 'probe-2' } });
    assert.equal(linesOf('probe-2').length, 2);
  });
});
