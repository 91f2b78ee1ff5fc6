import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/http/create-app.js';
import { RequestAlreadyUsed, errors } from '../../src/core/errors.js';
import { hasStackTrace } from '../support/process.js';

function appWithFailures(exposeInternalErrors: boolean): FastifyInstance {
  const app = createApp({ logger: false, exposeInternalErrors });
  app.get('/bug', async () => {
    throw new Error('internal detail: SELECT secret_hash FROM hydra_client');
  });
  app.get('/oauth', async () => {
    throw errors.invalidClient.withHint('The client secret is wrong.').withHeaders({ 'www-authenticate': 'Basic' });
  });
  app.get('/pg-down', async () => {
    throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  });
  app.get('/mysql-down', async () => {
    throw Object.assign(new Error("Access denied for user 'x'@'%' to database 'y'"), { code: 'ER_DBACCESS_DENIED_ERROR', fatal: true });
  });
  app.get('/pg-refusing', async () => {
    throw Object.assign(new Error('database "x" is not currently accepting connections'), { code: '55000', severity: 'FATAL' });
  });
  app.get('/used', async () => {
    throw new RequestAlreadyUsed('http://127.0.0.1:4444/oauth2/auth?client_id=app&state=abcdefgh');
  });
  app.post('/schema', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({}));
  return app;
}

describe('the error renderer', () => {
  let hidden: FastifyInstance;
  let exposed: FastifyInstance;
  before(async () => {
    hidden = appWithFailures(false);
    exposed = appWithFailures(true);
    await Promise.all([hidden.ready(), exposed.ready()]);
  });
  after(async () => Promise.all([hidden.close(), exposed.close()]));

  it('renders an unexpected error as 500 server_error without internals', async () => {
    const response = await hidden.inject({ method: 'GET', url: '/bug' });
    assert.equal(response.statusCode, 500);
    const body = response.json();
    assert.equal(body.error, 'server_error');
    assert.equal(body.status_code, 500);
    assert.doesNotMatch(response.body, /secret_hash|internal detail/);
    assert.ok(!hasStackTrace(response.body));
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  it('adds error_debug, still without a stack, when oauth2.expose_internal_errors is on', async () => {
    const response = await exposed.inject({ method: 'GET', url: '/bug' });
    assert.equal(response.statusCode, 500);
    assert.match(response.json().error_debug, /internal detail/);
    assert.ok(!hasStackTrace(response.body));
  });

  it('renders an OAuthError with its status, hint and headers, in Hydra shape', async () => {
    const response = await hidden.inject({ method: 'GET', url: '/oauth' });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Basic');
    const body = response.json();
    assert.deepEqual(Object.keys(body).sort(), ['error', 'error_description', 'error_hint', 'status_code']);
    assert.equal(body.error, 'invalid_client');
    assert.equal(body.error_hint, 'The client secret is wrong.');
  });

  it("renders a used challenge as Hydra's 410 {redirect_to}, not as an error body (consent/handler.go)", async () => {
    for (const app of [hidden, exposed]) {
      const response = await app.inject({ method: 'GET', url: '/used' });
      assert.equal(response.statusCode, 410);
      assert.equal(response.body, '{"redirect_to":"http://127.0.0.1:4444/oauth2/auth?client_id=app&state=abcdefgh"}');
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(String(response.headers['content-type']), /^application\/json/);
    }
  });

  it('renders an unreachable database as 503 temporarily_unavailable, on every driver', async () => {
    for (const url of ['/pg-down', '/mysql-down', '/pg-refusing']) {
      const response = await hidden.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 503, url);
      assert.equal(response.json().error, 'temporarily_unavailable', url);
      assert.doesNotMatch(response.body, /Access denied|administrator command|accepting connections/);
    }
  });

  it('renders a schema violation as 400 invalid_request naming the field', async () => {
    const response = await hidden.inject({ method: 'POST', url: '/schema', payload: { other: 1 } });
    assert.equal(response.statusCode, 400);
    const body = response.json();
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_hint, /name/);
  });

  it('renders a missing route as 404 not_found', async () => {
    const response = await hidden.inject({ method: 'GET', url: '/nothing/here?token=abc' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error, 'not_found');
    assert.doesNotMatch(response.body, /token=abc/, 'query values are not echoed');
  });
});
