/**
 * Issue 9 defect 5: values a client sends that no database can hold (a NUL, PostgreSQL's "invalid
 * byte sequence for encoding UTF8: 0x00"; invalid UTF-8 and lone surrogates) and JSON nested deep
 * enough to exhaust the stack. Each is a 4xx in Hydra's error shape on every database, with
 * Hydra's answer for a lookup of something that cannot exist (401 invalid_client, 404, an empty
 * list), and nothing is logged at error level. Values longer than their column (SQLite has no
 * such limit) are a 400 as well.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { assertOAuthErrorShape } from '../support/oauth-error.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A client whose metadata nests `levels` objects (5,000 levels: about 30 KB). */
const deepMetadata = (levels: number) => `{"client_name":"deep","metadata":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

describeOnEachDatabase('values no database can hold, and deep JSON', { errorLog: true, env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' } }, (ctx) => {
  before(async () => {
    const created = await request('POST', `${ctx.server.adminUrl}/admin/clients`, {
      client_id: 'known',
      client_secret: 'known-secret-0123456789',
      grant_types: ['client_credentials'],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  const expect = async (what: string, answer: Promise<{ status: number; headers: Headers; body: any }>, status: number, error?: string) => {
    const response = await answer;
    assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
    if (status >= 400) {
      assertOAuthErrorShape(response, what);
      if (error) assert.equal(response.body.error, error, what);
    }
    assert.deepEqual(ctx.errorLog.takeErrors().map((record) => record.msg), [], `${what}: logged at error level`);
    return response;
  };

  it('a client id with NUL, invalid UTF-8 or a lone surrogate is a client that does not exist: 401 invalid_client', async () => {
    for (const id of ['a%00b', '%00', 'a%C3%28b', 'a%ED%A0%80b', 'known%00']) {
      await expect(`token ${id}`, request('POST', `${ctx.server.publicUrl}/oauth2/token`, `grant_type=client_credentials&client_id=${id}&client_secret=x`, FORM), 401, 'invalid_client');
      const decoded = decodeURIComponent(id.replace(/%(ED|C3)%[0-9A-F]{2}(%[0-9A-F]{2})?/g, '\uFFFD'));
      await expect(`revoke ${id}`, request('POST', `${ctx.server.publicUrl}/oauth2/revoke`, 'token=x', { ...FORM, authorization: basic(decoded, 'x') }), 401, 'invalid_client');
      await expect(`revoke percent-encoded ${id}`, request('POST', `${ctx.server.publicUrl}/oauth2/revoke`, 'token=x', { ...FORM, authorization: basic(id, 'x') }), 401, 'invalid_client');
    }
    // The real client is still served.
    const token = await request('POST', `${ctx.server.publicUrl}/oauth2/token`, 'grant_type=client_credentials', { ...FORM, authorization: basic('known', 'known-secret-0123456789') });
    assert.equal(token.status, 200, JSON.stringify(token.body));
  });

  it('the authorization endpoint sends an unknown (NUL) client to the error page', async () => {
    for (const id of ['a%00b', 'a%ED%A0%80b']) {
      const response = await fetch(`${ctx.server.publicUrl}/oauth2/auth?client_id=${id}&response_type=code&state=abcdefgh`, { redirect: 'manual' });
      assert.equal(response.status, 302, id);
      assert.equal(new URL(response.headers.get('location')!).searchParams.get('error'), 'invalid_client', id);
      assert.deepEqual(ctx.errorLog.takeErrors(), [], id);
    }
  });

  it('admin lookups of such ids are 404, filters by such values match nothing', async () => {
    const admin = ctx.server.adminUrl;
    await expect('client %00', request('GET', `${admin}/admin/clients/%00`), 404, 'not_found');
    await expect('client a%00', request('GET', `${admin}/admin/clients/known%00`), 404, 'not_found');
    await expect('key set %00', request('GET', `${admin}/admin/keys/%00`), 404, 'not_found');
    await expect('key %00', request('GET', `${admin}/admin/keys/%00/%00`), 404, 'not_found');
    for (const query of ['client_name=%00', 'owner=%00', 'owner=a%C3%28', 'client_name=%ED%A0%80']) {
      const list = await expect(`clients ?${query}`, request('GET', `${admin}/admin/clients?${query}`), 200);
      assert.deepEqual(list.body, [], query);
    }
    const sessions = await expect('consent sessions ?subject=%00', request('GET', `${admin}/admin/oauth2/auth/sessions/consent?subject=%00`), 200);
    assert.deepEqual(sessions.body, []);
    await expect('delete tokens ?client_id=%00', request('DELETE', `${admin}/admin/oauth2/tokens?client_id=%00`), 204);
    await expect('delete client %00', request('DELETE', `${admin}/admin/clients/%00`), 404, 'not_found');
  });

  it('writing such a value is 400 invalid_request', async () => {
    const admin = ctx.server.adminUrl;
    await expect('login revocation by NUL subject', request('DELETE', `${admin}/admin/oauth2/auth/sessions/login?subject=%00`), 400, 'invalid_request');
    await expect('client_name with NUL', request('POST', `${admin}/admin/clients`, '{"client_name":"a\\u0000b"}', JSON_TYPE), 400, 'invalid_request');
    await expect('client_id with NUL', request('POST', `${admin}/admin/clients`, '{"client_id":"a\\u0000b"}', JSON_TYPE), 400, 'invalid_request');
    await expect('key set with NUL', request('POST', `${admin}/admin/keys/%00`, { alg: 'ES256', use: 'sig' }), 400, 'invalid_request');
    await expect('client update with NUL', request('PUT', `${admin}/admin/clients/known`, '{"client_name":"\\u0000","grant_types":["client_credentials"]}', JSON_TYPE), 400, 'invalid_request');
    const known = await expect('the client is unchanged', request('GET', `${admin}/admin/clients/known`), 200);
    assert.equal(known.body.client_name, '');
    // Inside free-form JSON (metadata) a NUL is escaped text and is stored as such.
    const withMetadata = await expect('NUL inside metadata', request('POST', `${admin}/admin/clients`, '{"metadata":{"a":"\\u0000"}}', JSON_TYPE), 201);
    const read = await request('GET', `${admin}/admin/clients/${withMetadata.body.client_id}`);
    assert.deepEqual(read.body.metadata, { a: '\u0000' });
  });

  it('JSON nested 5,000 levels is 400 invalid_request, on the admin and the public listener', async () => {
    await expect('POST /admin/clients', request('POST', `${ctx.server.adminUrl}/admin/clients`, deepMetadata(5000), JSON_TYPE), 400, 'invalid_request');
    await expect('PUT /admin/clients/known', request('PUT', `${ctx.server.adminUrl}/admin/clients/known`, deepMetadata(5000), JSON_TYPE), 400, 'invalid_request');
    const arrays = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    await expect('POST /oauth2/auth', request('POST', `${ctx.server.publicUrl}/oauth2/auth`, arrays, JSON_TYPE), 400, 'invalid_request');
    await expect('consent accept', request('PUT', `${ctx.server.adminUrl}/admin/oauth2/auth/requests/consent/accept?consent_challenge=x`, `{"context":${arrays}}`, JSON_TYPE), 400, 'invalid_request');
    // Brackets inside strings are text, not nesting; a realistic depth is taken.
    const created = await expect('metadata 20 levels, brackets in strings', request('POST', `${ctx.server.adminUrl}/admin/clients`, deepMetadata(20).replace('"deep"', `"${'[{'.repeat(500)}"`), JSON_TYPE), 201);
    assert.equal(created.body.client_name, '[{'.repeat(500));
  });

  it('a value longer than its column is a 400 on PostgreSQL and MySQL, stored on SQLite', async () => {
    const limited = ctx.dialect !== 'sqlite';
    const created = await request('POST', `${ctx.server.adminUrl}/admin/clients`, {
      client_id: 'web', client_secret: 'web-secret-0123456789', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: ['http://127.0.0.1:5555/cb'], scope: 'openid',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const started = await fetch(`${ctx.server.publicUrl}/oauth2/auth?client_id=web&response_type=code&scope=openid&state=abcdefgh&redirect_uri=${encodeURIComponent('http://127.0.0.1:5555/cb')}&code_challenge=${'A'.repeat(43)}&code_challenge_method=S256`, { redirect: 'manual' });
    const loginChallenge = new URL(started.headers.get('location')!).searchParams.get('login_challenge');
    assert.ok(loginChallenge, started.headers.get('location') ?? '');
    // hydra_oauth2_flow.subject is VARCHAR(255), as in Hydra.
    await expect('login accepted for a 300-character subject', request('PUT', `${ctx.server.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${loginChallenge}`, { subject: 's'.repeat(300) }), limited ? 400 : 200, limited ? 'invalid_request' : undefined);
    await expect('login sessions revoked for a 300-character subject', request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/auth/sessions/login?subject=${'s'.repeat(300)}`), limited ? 400 : 204);
    await expect('login sessions revoked for a 100-character sid', request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/auth/sessions/login?sid=${'s'.repeat(100)}`), limited ? 400 : 204);
    // MySQL's TEXT holds 65,535 bytes; PostgreSQL's TEXT has no such limit.
    await expect('a 70,000-character client_name', request('POST', `${ctx.server.adminUrl}/admin/clients`, { client_name: 'n'.repeat(70_000) }), ctx.dialect === 'mysql' ? 400 : 201, ctx.dialect === 'mysql' ? 'invalid_request' : undefined);
  });
});
