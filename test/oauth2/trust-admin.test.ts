/**
 * Hydra's trust API for the JWT-bearer grant (/admin/trust/grants/jwt-bearer/issuers) through the
 * official SDK (@ory/hydra-client OAuth2Api), on each database: create, get, list with keyset
 * pagination and the issuer filter, delete, and every refusal of oauth2/trust/validator.go, plus
 * the private key Tessera refuses. The v1.11 path without /admin reaches the same routes.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair } from 'jose';
import type { JsonWebKey, OAuth2Api } from '@ory/hydra-client';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { sdkStatus } from '../support/sdk.js';
import { request } from '../support/http.js';

const BASE = '/admin/trust/grants/jwt-bearer/issuers';

async function keyPair(kid: string): Promise<{ publicJwk: JsonWebKey; privateJwk: JsonWebKey }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } as JsonWebKey,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } as JsonWebKey,
  };
}

const inAYear = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 365 * 24 * 3_600_000).toISOString();

describeOnEachDatabase('JWT-bearer trust admin API', {}, (ctx) => {
  let api: OAuth2Api;
  let jwk: JsonWebKey;
  let privateJwk: JsonWebKey;
  before(async () => {
    api = ctx.sdk;
    ({ publicJwk: jwk, privateJwk } = await keyPair('token-service-key'));
  });

  /** The error body of a refused raw request. */
  async function refusedBody(body: unknown): Promise<{ status: number; body: any }> {
    return request('POST', `${ctx.server.adminUrl}${BASE}`, body);
  }

  it('creates a relationship with 201 and Location, and gets it back as created', async () => {
    const expiresAt = inAYear();
    const started = Date.now();
    const created = await api.trustOAuth2JwtGrantIssuer({
      trustOAuth2JwtGrantIssuer: { issuer: 'https://token-service.example.com', subject: 'bob@example.com', scope: ['openid', 'offline'], jwk, expires_at: expiresAt },
    });
    assert.equal(created.status, 201);
    const trust = created.data;
    assert.match(trust.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(created.headers['location'], `${BASE}/${trust.id}`);
    assert.equal(trust.issuer, 'https://token-service.example.com');
    assert.equal(trust.subject, 'bob@example.com');
    assert.equal(trust.allow_any_subject, false);
    assert.deepEqual(trust.scope, ['openid', 'offline']);
    assert.deepEqual(trust.public_key, { set: 'https://token-service.example.com', kid: 'token-service-key' });
    assert.equal(trust.expires_at, expiresAt.replace('.000Z', 'Z'));
    const createdAt = Date.parse(trust.created_at!);
    assert.match(trust.created_at!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(createdAt >= Math.floor(started / 1000) * 1000 - 1000 && createdAt <= Date.now() + 1000);

    const fetched = await api.getTrustedOAuth2JwtGrantIssuer({ id: trust.id! });
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.data, trust);
    // The v1.11 path, without /admin.
    const v1 = await request('GET', `${ctx.server.adminUrl}/trust/grants/jwt-bearer/issuers/${trust.id}`);
    assert.deepEqual(v1.body, trust);
  });

  it('creates a relationship for any subject', async () => {
    const { publicJwk } = await keyPair('any-subject-key');
    const { data } = await api.trustOAuth2JwtGrantIssuer({
      trustOAuth2JwtGrantIssuer: { issuer: 'https://any.example.com', allow_any_subject: true, scope: ['read'], jwk: publicJwk, expires_at: inAYear() },
    });
    assert.equal(data.allow_any_subject, true);
    assert.equal(data.subject, '');
  });

  it('refuses a second relationship of one issuer, subject and kid with 409, but takes another kid', async () => {
    const { publicJwk } = await keyPair('dup-key');
    const body = { issuer: 'https://dup.example.com', subject: 'alice', scope: ['read'], jwk: publicJwk, expires_at: inAYear() };
    await api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: body });
    assert.equal(await sdkStatus(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: body })), 409);
    const conflict = await refusedBody(body);
    assert.equal(conflict.body.error, 'conflict');
    const other = await api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { ...body, jwk: { ...publicJwk, kid: 'dup-key-2' } } });
    assert.equal(other.status, 201);
  });

  it('refuses what Hydra\'s validator refuses, with missing_required_parameter and its hint', async () => {
    const valid = { issuer: 'https://v.example.com', subject: 'alice', scope: ['read'], jwk, expires_at: inAYear() };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, issuer: undefined }, "Field 'issuer' is required."],
      [{ ...valid, issuer: '' }, "Field 'issuer' is required."],
      [{ ...valid, subject: undefined }, "One of 'subject' or 'allow_any_subject' field must be set."],
      [{ ...valid, allow_any_subject: true }, "Both 'subject' and 'allow_any_subject' fields cannot be set at the same time."],
      [{ ...valid, expires_at: undefined }, "Field 'expires_at' is required."],
      [{ ...valid, jwk: { ...jwk, kid: undefined } }, "Field 'jwk' must contain JWK with kid header."],
      [{ ...valid, jwk: undefined }, "Field 'jwk' must contain JWK with kid header."],
    ];
    for (const [body, hint] of cases) {
      const response = await refusedBody(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error, 'missing_required_parameter');
      assert.equal(response.body.error_hint, hint);
      assert.equal(response.body.error_description, `One of the required parameters is missing. Check your request parameters. ${hint}`);
    }
    assert.equal(await sdkStatus(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { ...valid, issuer: '' } })), 400);
    assert.equal(await sdkStatus(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { ...valid, subject: 'alice', allow_any_subject: true } })), 400);
  });

  it('refuses a private or symmetric key, a broken key, a bad time and a body of the wrong shape with 400', async () => {
    const valid = { issuer: 'https://bad.example.com', subject: 'alice', scope: ['read'], jwk, expires_at: inAYear() };
    assert.equal(await sdkStatus(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { ...valid, jwk: privateJwk } })), 400);
    const privateRefusal = await refusedBody({ ...valid, jwk: privateJwk });
    assert.equal(privateRefusal.body.error, 'invalid_request');
    assert.match(privateRefusal.body.error_hint, /must be a public key/);
    for (const body of [
      { ...valid, jwk: { kty: 'oct', kid: 'shared', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0' } },
      { ...valid, jwk: { kty: 'RSA', kid: 'broken', n: 'AQAB', e: 'AQAB' } },
      { ...valid, jwk: { kty: 'XYZ', kid: 'unknown-type' } },
      { ...valid, expires_at: 'next year' },
      { ...valid, scope: 'read write' },
      { ...valid, issuer: 'x'.repeat(256) },
      [valid],
    ]) {
      const response = await refusedBody(body);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 200));
      assert.equal(response.body.error, 'invalid_request');
    }
    const notJson = await request('POST', `${ctx.server.adminUrl}${BASE}`, '{"issuer":', { 'content-type': 'application/json' });
    assert.equal(notJson.status, 400);
    // Nothing half-written.
    const { data } = await api.listTrustedOAuth2JwtGrantIssuers({ issuer: 'https://bad.example.com' });
    assert.deepEqual(data, []);
  });

  it('lists page by page from the Link header, filtered by issuer, in a stable order', async () => {
    const issuer = 'https://paged.example.com';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { publicJwk } = await keyPair(`paged-${i}`);
      const { data } = await api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { issuer, subject: 'alice', scope: [], jwk: publicJwk, expires_at: inAYear() } });
      ids.push(data.id!);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const response = await api.listTrustedOAuth2JwtGrantIssuers({ pageSize: 2, pageToken: token, issuer });
      assert.equal(response.status, 200);
      assert.ok(response.data.length <= 2);
      for (const trust of response.data) {
        assert.equal(trust.issuer, issuer);
        seen.push(trust.id!);
      }
      const link = response.headers['link'] ?? '';
      assert.match(link, /rel="first"/);
      const next = /<([^>]*)>; rel="next"/.exec(link);
      if (next) assert.equal(new URL(next[1]!, 'http://x').searchParams.get('issuer'), issuer, 'the filter stays on the next page');
      token = next ? new URL(next[1]!, 'http://x').searchParams.get('page_token')! : undefined;
      pages += 1;
    } while (token);
    assert.deepEqual(seen, [...ids].sort());
    assert.equal(pages, 3);

    const all = await api.listTrustedOAuth2JwtGrantIssuers();
    assert.ok(all.data.length > 5);
    assert.ok(all.data.some((t) => t.issuer !== issuer));
    assert.deepEqual((await api.listTrustedOAuth2JwtGrantIssuers({ issuer: 'https://nobody.example.com' })).data, []);
    assert.equal(await sdkStatus(api.listTrustedOAuth2JwtGrantIssuers({ pageToken: 'forged' })), 400);
  });

  it('deletes a relationship with 204, after which it is 404; a malformed id is 400', async () => {
    const { publicJwk } = await keyPair('deleted-key');
    const { data } = await api.trustOAuth2JwtGrantIssuer({
      trustOAuth2JwtGrantIssuer: { issuer: 'https://deleted.example.com', subject: 'alice', scope: [], jwk: publicJwk, expires_at: inAYear() },
    });
    const deleted = await api.deleteTrustedOAuth2JwtGrantIssuer({ id: data.id! });
    assert.equal(deleted.status, 204);
    assert.equal(await sdkStatus(api.getTrustedOAuth2JwtGrantIssuer({ id: data.id! })), 404);
    assert.equal(await sdkStatus(api.deleteTrustedOAuth2JwtGrantIssuer({ id: data.id! })), 404);
    assert.equal(await sdkStatus(api.getTrustedOAuth2JwtGrantIssuer({ id: 'not-a-uuid' })), 400);
    assert.equal(await sdkStatus(api.deleteTrustedOAuth2JwtGrantIssuer({ id: 'not-a-uuid' })), 400);
  });

  it('keeps the trusted key out of the JWK store: no set is named after the issuer', async () => {
    const response = await request('GET', `${ctx.server.adminUrl}/admin/keys/${encodeURIComponent('https://token-service.example.com')}`);
    assert.equal(response.status, 404);
  });
});
