import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { hasStackTrace } from '../support/process.js';

const TWO_MIB = 2 * 1024 * 1024;

/** A syntactically valid JSON object of about `bytes` bytes. */
function bigJson(bytes: number): string {
  return JSON.stringify({ client_name: 'x'.repeat(bytes), grant_types: ['client_credentials'] });
}

function assertOAuthError(response: { status: number; headers: Headers; body: any }, status: number, error?: string): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  assert.equal(typeof response.body, 'object', `expected a JSON body, got ${String(response.body).slice(0, 100)}`);
  assert.equal(response.body.status_code, status);
  assert.equal(typeof response.body.error, 'string');
  assert.equal(typeof response.body.error_description, 'string');
  if (error) assert.equal(response.body.error, error);
  assert.ok(!hasStackTrace(JSON.stringify(response.body)), JSON.stringify(response.body));
}

describe('request bodies: size limit, media types, malformed JSON', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ dsn: 'memory' });
  });
  after(async () => server?.close());

  const adminWrites = () => [
    ['POST', `${server.adminUrl}/admin/clients`],
    ['POST', `${server.adminUrl}/clients`],
    ['PUT', `${server.adminUrl}/admin/clients/some-client`],
    ['POST', `${server.adminUrl}/admin/keys/some-set`],
    ['PUT', `${server.adminUrl}/admin/keys/some-set/some-kid`],
  ];

  it('answers 413 JSON to a 2 MiB JSON body on every admin write', async () => {
    const body = bigJson(TWO_MIB);
    for (const [method, url] of adminWrites()) {
      const response = await request(method!, url!, body);
      assertOAuthError(response, 413);
      assert.equal(response.body.error, 'request_entity_too_large', `${method} ${url}`);
    }
  });

  it('answers 413 to a body streamed without Content-Length, once it passes the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"client_name":"'));
        if (sent >= TWO_MIB) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${server.adminUrl}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const body = await response.json();
    assertOAuthError({ status: response.status, headers: response.headers, body }, 413);
  });

  it('answers 413 JSON to a 2 MiB form on the public token endpoint', async () => {
    const form = `grant_type=client_credentials&scope=${'a'.repeat(TWO_MIB)}`;
    const response = await request('POST', `${server.publicUrl}/oauth2/token`, form, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assertOAuthError(response, 413);
  });

  it('accepts a body just under the limit (the limit is not a typo)', async () => {
    const response = await request('POST', `${server.adminUrl}/admin/clients`, bigJson(512 * 1024));
    assert.notEqual(response.status, 413);
  });

  it('answers 415 JSON to an unsupported Content-Type', async () => {
    for (const [method, url] of adminWrites()) {
      const response = await request(method!, url!, '<client/>', { 'content-type': 'application/xml' });
      assertOAuthError(response, 415);
      assert.match(response.body.error_description, /application\/xml/);
    }
  });

  it('answers 400 invalid_request JSON to malformed JSON', async () => {
    for (const [method, url] of adminWrites()) {
      for (const text of ['{"client_name": ', '{client_name: 1}', '[1,2', 'nul']) {
        const response = await request(method!, url!, text, { 'content-type': 'application/json' });
        assertOAuthError(response, 400, 'invalid_request');
      }
    }
  });

  it('refuses prototype pollution in JSON with 400', async () => {
    const response = await request('POST', `${server.adminUrl}/admin/clients`, '{"__proto__": {"admin": true}}');
    assertOAuthError(response, 400, 'invalid_request');
  });

  it('answers a malformed URL or an unknown method with JSON, never a stack trace', async () => {
    for (const [method, path] of [
      ['GET', '/%'],
      ['GET', '/admin/clients/%E0%A4%A'],
      ['PROPFIND', '/admin/clients'],
      ['DELETE', '/admin/keys/%zz'],
    ]) {
      for (const base of [server.adminUrl, server.publicUrl]) {
        const response = await request(method!, `${base}${path}`);
        assert.ok(response.status >= 400 && response.status < 500, `${method} ${path}: ${response.status}`);
        assert.ok(!hasStackTrace(JSON.stringify(response.body)), JSON.stringify(response.body));
        assertOAuthError(response, response.status);
      }
    }
  });
});
