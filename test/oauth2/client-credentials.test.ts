/**
 * The client-credentials flow of seed 001, end to end, through a real relying-party library
 * (oauth4webapi): discovery, issuance with both secret methods, introspection, revocation, and
 * every refusal RFC 6749 §5.2 names, on each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createClient } from '../support/create-client.js';
import { insecure } from '../support/discover.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

async function issue(as: oauth.AuthorizationServer, id: string, auth: oauth.ClientAuth, params: Record<string, string> = {}) {
  const client = { client_id: id };
  const response = await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(params), insecure);
  return oauth.processClientCredentialsResponse(as, client, response);
}

async function refusal(promise: Promise<unknown>): Promise<{ error: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return { error: error.error, status: error.status };
    // RFC 6749 §5.2: a 401 after HTTP Basic carries WWW-Authenticate, which oauth4webapi reports
    // as a challenge; the OAuth error is still in the body.
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      const body = (await error.response.json()) as { error: string };
      return { error: body.error, status: error.status };
    }
    throw error;
  }
  assert.fail('the request was expected to be refused');
}

describeOnEachDatabase('client credentials', {}, (ctx) => {
  before(async () => {
    await createClient(ctx.server, {
      client_id: 'some-consumer',
      client_secret: 'some-secret',
      grant_types: ['client_credentials'],
      scope: 'photos.read photos.write api.*',
      audience: ['https://api.example.com/photos'],
    });
    await createClient(ctx.server, { client_id: 'post-consumer', client_secret: 'post-secret', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' });
    await createClient(ctx.server, { client_id: 'code-only', client_secret: 'code-secret', grant_types: ['authorization_code'] });
  });

  it('advertises the token endpoint, grant and authentication methods in discovery', () => {
    assert.match(ctx.as.token_endpoint!, /\/oauth2\/token$/);
    assert.ok(ctx.as.grant_types_supported?.includes('client_credentials'));
    assert.deepEqual(ctx.as.token_endpoint_auth_methods_supported, ['client_secret_post', 'client_secret_basic', 'private_key_jwt', 'client_secret_jwt', 'none']);
  });

  it('issues an opaque token with client_secret_basic, and introspects it active', async () => {
    const token = await issue(ctx.as, 'some-consumer', oauth.ClientSecretBasic('some-secret'), { scope: 'photos.read api.orders', audience: 'https://api.example.com/photos/albums' });
    assert.match(token.access_token, /^ory_at_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    assert.equal(token.token_type, 'bearer');
    assert.equal(token.scope, 'photos.read api.orders');
    assert.ok(token.expires_in! > 3590 && token.expires_in! <= 3600);
    const response = await oauth.introspectionRequest(ctx.as, { client_id: 'some-consumer' }, oauth.None(), token.access_token, insecure);
    const claims = await oauth.processIntrospectionResponse(ctx.as, { client_id: 'some-consumer' }, response);
    assert.equal(claims.active, true);
    assert.equal(claims.client_id, 'some-consumer');
    assert.equal(claims.sub, 'some-consumer');
    assert.equal(claims.scope, 'photos.read api.orders');
    assert.deepEqual(claims.aud, ['https://api.example.com/photos/albums']);
    assert.equal(claims.iss, ctx.as.issuer);
    assert.equal(claims.token_use, 'access_token');
  });

  it('issues with client_secret_post to a client registered for it, with no-store headers', async () => {
    const response = await request('POST', `${ctx.as.token_endpoint}`, 'grant_type=client_credentials&client_id=post-consumer&client_secret=post-secret', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('pragma'), 'no-cache');
    assert.ok(response.body.access_token);
  });

  it('refuses a wrong secret and an unknown client with 401 invalid_client and WWW-Authenticate', async () => {
    assert.deepEqual(await refusal(issue(ctx.as, 'some-consumer', oauth.ClientSecretBasic('wrong'))), { error: 'invalid_client', status: 401 });
    assert.deepEqual(await refusal(issue(ctx.as, 'nobody', oauth.ClientSecretBasic('x'))), { error: 'invalid_client', status: 401 });
    const raw = await request('POST', ctx.as.token_endpoint!, 'grant_type=client_credentials', {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('some-consumer:wrong').toString('base64')}`,
    });
    assert.equal(raw.status, 401);
    assert.match(raw.headers.get('www-authenticate') ?? '', /^Basic /);
  });

  it('refuses a client authenticating with a method it did not register', async () => {
    assert.equal((await refusal(issue(ctx.as, 'post-consumer', oauth.ClientSecretBasic('post-secret')))).error, 'invalid_client');
  });

  it('refuses a client without the grant, a scope and an audience it was not given', async () => {
    assert.deepEqual(await refusal(issue(ctx.as, 'code-only', oauth.ClientSecretBasic('code-secret'))), { error: 'unauthorized_client', status: 400 });
    assert.deepEqual(await refusal(issue(ctx.as, 'some-consumer', oauth.ClientSecretBasic('some-secret'), { scope: 'photos.delete' })), { error: 'invalid_scope', status: 400 });
    assert.deepEqual(await refusal(issue(ctx.as, 'some-consumer', oauth.ClientSecretBasic('some-secret'), { audience: 'https://evil.example.com' })), { error: 'invalid_request', status: 400 });
  });

  it('refuses unsupported grant types, missing and duplicated parameters, and JSON bodies', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('some-consumer:some-secret').toString('base64')}` };
    const cases: [string, Record<string, string>, string][] = [
      ['grant_type=password&username=a&password=b', form, 'unsupported_grant_type'],
      ['scope=photos.read', form, 'invalid_request'],
      ['grant_type=client_credentials&scope=a&scope=b', form, 'invalid_request'],
      ['{"grant_type":"client_credentials"}', { ...form, 'content-type': 'application/json' }, 'invalid_request'],
    ];
    for (const [body, headers, error] of cases) {
      const response = await request('POST', ctx.as.token_endpoint!, body, headers);
      assert.equal(response.status, 400, body);
      assert.equal(response.body.error, error, body);
    }
  });

  it('revokes a token (RFC 7009): it then introspects inactive; unknown tokens answer 200', async () => {
    const client = { client_id: 'some-consumer' };
    const token = await issue(ctx.as, 'some-consumer', oauth.ClientSecretBasic('some-secret'));
    const revoked = await oauth.revocationRequest(ctx.as, client, oauth.ClientSecretBasic('some-secret'), token.access_token, insecure);
    await oauth.processRevocationResponse(revoked);
    const introspected = await request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, `token=${token.access_token}`, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.deepEqual(introspected.body, { active: false });
    const unknown = await oauth.revocationRequest(ctx.as, client, oauth.ClientSecretBasic('some-secret'), 'ory_at_unknown.token', insecure);
    assert.equal(unknown.status, 200);
  });

  it('answers active:false for tampered, foreign and malformed tokens', async () => {
    const { access_token: token } = await issue(ctx.as, 'some-consumer', oauth.ClientSecretBasic('some-secret'));
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const dot = token.indexOf('.');
    for (const candidate of [flip(token, 10), flip(token, dot + 5), flip(token, token.length - 1), 'ory_at_x.y', 'not-a-token', `${token}x`]) {
      const response = await request('POST', `${ctx.server.adminUrl}/oauth2/introspect`, `token=${encodeURIComponent(candidate)}`, { 'content-type': 'application/x-www-form-urlencoded' });
      assert.deepEqual(response.body, { active: false }, candidate);
    }
  });

  it('gives two hundred concurrent issuances two hundred distinct valid tokens', async () => {
    const tokens = await Promise.all(Array.from({ length: 200 }, () => issue(ctx.as, 'some-consumer', oauth.ClientSecretBasic('some-secret'))));
    const distinct = new Set(tokens.map((t) => t.access_token));
    assert.equal(distinct.size, 200);
    const states = await Promise.all(
      [...distinct].map((t) => request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, `token=${t}`, { 'content-type': 'application/x-www-form-urlencoded' })),
    );
    assert.ok(states.every((s) => s.body.active === true));
  });
});
