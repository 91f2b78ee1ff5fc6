import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

describeOnEachDatabase('JWK admin API refuses bad input', {}, (ctx) => {
  let ecKey: Record<string, string>;
  before(async () => {
    ecKey = (await request('POST', `${ctx.server.adminUrl}/admin/keys/input`, { alg: 'ES256', kid: 'ec', use: 'sig' })).body.keys[0];
  });

  async function expect400(method: string, path: string, body: unknown, hint: RegExp) {
    const response = await request(method, `${ctx.server.adminUrl}${path}`, body);
    assert.equal(response.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
    assert.equal(response.body.error, 'invalid_request');
    assert.equal(response.body.status_code, 400);
    assert.match(response.body.error_hint, hint);
  }

  it('POST: unknown alg, bad use, bad kid, not an object, malformed JSON', async () => {
    await expect400('POST', '/admin/keys/x', { alg: 'RS1024', kid: 'a', use: 'sig' }, /"alg"/);
    await expect400('POST', '/admin/keys/x', { kid: 'a', use: 'sig' }, /"alg"/);
    await expect400('POST', '/admin/keys/x', { alg: 'ES256', kid: 'a', use: 'encrypt' }, /"use"/);
    await expect400('POST', '/admin/keys/x', { alg: 'ES256', kid: 42, use: 'sig' }, /"kid"/);
    await expect400('POST', '/admin/keys/x', { alg: 'ES256', kid: 'k'.repeat(256), use: 'sig' }, /"kid"/);
    await expect400('POST', '/admin/keys/x', [1, 2], /JSON object/);
    await expect400('POST', '/admin/keys/x', '{"alg": "ES256",', /JSON/);
    assert.equal((await request('GET', `${ctx.server.adminUrl}/admin/keys/x`)).status, 404, 'nothing was stored');
  });

  it('PUT set: not a JWK Set, bad members, duplicate kids, mismatched alg, foreign public key', async () => {
    const { d: _d, ...publicOnly } = ecKey;
    await expect400('PUT', '/admin/keys/input', { key: [] }, /"keys"/);
    await expect400('PUT', '/admin/keys/input', { keys: ['x'] }, /keys\[0\]/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ ...ecKey, kty: 'DSA' }] }, /"kty"/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ ...ecKey, kid: undefined }] }, /"kid"/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ ...ecKey, use: 'both' }] }, /"use"/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ ...ecKey, x: 'AAAA' }] }, /"crv", "x", "y"/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ kty: 'RSA', kid: 'r', n: 'AQAB' }] }, /"n", "e"/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ kty: 'oct', kid: 'o', k: 'not base64url!' }] }, /"k"/);
    await expect400('PUT', '/admin/keys/input', { keys: [ecKey, { ...publicOnly }] }, /appears twice/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ ...ecKey, alg: 'RS256' }] }, /"alg" RS256/);
    await expect400('PUT', '/admin/keys/input', { keys: [{ ...ecKey, alg: 'ES512' }] }, /"crv" P-521/);
    const other = (await request('POST', `${ctx.server.adminUrl}/admin/keys/other`, { alg: 'ES256', kid: 'o', use: 'sig' })).body.keys[0];
    await expect400('PUT', '/admin/keys/input', { keys: [{ ...ecKey, x: other.x, y: other.y }] }, /public members "crv", "x", "y" of keys\[0\] do not belong/);
    // Nothing was changed by the refused requests.
    assert.deepEqual((await request('GET', `${ctx.server.adminUrl}/admin/keys/input`)).body, { keys: [ecKey] });
  });

  it('PUT key: the body kid must match the path; an absent body kid takes the path kid', async () => {
    await expect400('PUT', '/admin/keys/input/ec', { ...ecKey, kid: 'other' }, /"kid"/);
    await expect400('PUT', '/admin/keys/input/ec', 'null', /the body/);
    const { kid: _kid, ...withoutKid } = ecKey;
    const response = await request('PUT', `${ctx.server.adminUrl}/admin/keys/input/ec`, withoutKid);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, ecKey);
  });

  it('drops members that RFC 7517 and RFC 7518 do not define', async () => {
    const response = await request('PUT', `${ctx.server.adminUrl}/admin/keys/extra`, { keys: [{ ...ecKey, kid: 'e', secret_note: 'x' }] });
    assert.equal(response.status, 200);
    assert.equal(response.body.keys[0].secret_note, undefined);
    assert.equal((await request('GET', `${ctx.server.adminUrl}/admin/keys/extra/e`)).body.keys[0].secret_note, undefined);
  });
});
