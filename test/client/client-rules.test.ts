/** Unit tests of the client rules that need no server: durations, URIs, keys, subject types, page tokens. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { ClientValidator } from '../../src/client/client-validator.js';
import { OutboundHttp } from '../../src/http/outbound/outbound-http.js';
import { OutboundPolicy } from '../../src/http/outbound/outbound-policy.js';
import { canonicalLifespans, formatGoDuration } from '../../src/client/lifespan.js';
import { checkCorsOrigins, checkRedirectUris } from '../../src/client/uri-rules.js';
import { checkJwks } from '../../src/client/jwks-rules.js';
import { supportedSubjectTypes } from '../../src/client/subject-type.js';
import { PageTokens } from '../../src/client/page-token.js';
import { linkHeader } from '../../src/client/link-header.js';
import { checkSectorIdentifier } from '../../src/client/sector-identifier.js';
import { Aead } from '../../src/crypto/aead.js';
import { isOAuthError, type OAuthError } from '../../src/core/errors.js';

const rejects = (fn: () => unknown, error: string) =>
  assert.throws(fn, (e: unknown) => isOAuthError(e) && (e as OAuthError).error === error);

describe('client rules', () => {
  it("prints durations as Go's Duration.String()", () => {
    const cases: [bigint, string][] = [
      [0n, '0s'],
      [1n, '1ns'],
      [1500n, '1.5µs'],
      [500_000_000n, '500ms'],
      [1_500_000_000n, '1.5s'],
      [90_000_000_000n, '1m30s'],
      [3_600_000_000_000n, '1h0m0s'],
      [2_592_000_000_000_000n, '720h0m0s'],
      [-1n, '-1ns'],
    ];
    for (const [ns, text] of cases) assert.equal(formatGoDuration(ns), text);
  });

  it('canonicalises lifespans and allows -1ns only for refresh tokens', () => {
    assert.deepEqual(canonicalLifespans({ implicit_grant_access_token_lifespan: '1h30m', refresh_token_grant_refresh_token_lifespan: '-1ns' }), {
      implicit_grant_access_token_lifespan: '1h30m0s',
      refresh_token_grant_refresh_token_lifespan: '-1ns',
    });
    rejects(() => canonicalLifespans({ implicit_grant_access_token_lifespan: '-1ns' }), 'invalid_client_metadata');
    rejects(() => canonicalLifespans({ implicit_grant_access_token_lifespan: '10 minutes' }), 'invalid_client_metadata');
  });

  it('accepts absolute and private-use redirect URIs, refuses fragments and relative ones', () => {
    assert.equal(checkRedirectUris(['https://a.example/cb?x=1', 'com.example.app:/cb', 'http://127.0.0.1:8080/cb']).length, 3);
    rejects(() => checkRedirectUris(['https://a.example/cb#x']), 'invalid_redirect_uri');
    rejects(() => checkRedirectUris(['a.example/cb']), 'invalid_redirect_uri');
    rejects(() => checkRedirectUris(['https:///cb']), 'invalid_redirect_uri');
    rejects(() => checkRedirectUris(['https://a.example/c b']), 'invalid_redirect_uri');
  });

  it('normalises CORS origins as Hydra, dropping a trailing slash', () => {
    assert.deepEqual(checkCorsOrigins(['https://a.example/', 'http://b.example:8080']), ['https://a.example', 'http://b.example:8080']);
    rejects(() => checkCorsOrigins(['https://user:pw@a.example']), 'invalid_client_metadata');
    rejects(() => checkCorsOrigins(['https://a.example/?q=1']), 'invalid_client_metadata');
    rejects(() => checkCorsOrigins(['wss://a.example']), 'invalid_client_metadata');
  });

  it('takes public JWKs and refuses private or broken ones', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwks = { keys: [publicKey.export({ format: 'jwk' })] };
    assert.deepEqual(checkJwks(jwks), jwks);
    assert.equal(checkJwks({}), undefined);
    rejects(() => checkJwks({ keys: [privateKey.export({ format: 'jwk' })] }), 'invalid_client_metadata');
    rejects(() => checkJwks({ keys: [{ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }] }), 'invalid_client_metadata');
    rejects(() => checkJwks({ keys: 'none' }), 'invalid_client_metadata');
  });

  it('withdraws pairwise for JWT access tokens, as Hydra does', () => {
    assert.deepEqual(supportedSubjectTypes(['public', 'pairwise'], 'opaque'), ['public', 'pairwise']);
    assert.deepEqual(supportedSubjectTypes(['public', 'pairwise'], 'jwt'), ['public']);
    assert.deepEqual(supportedSubjectTypes(['pairwise'], 'opaque'), ['pairwise']);
    assert.deepEqual(supportedSubjectTypes(['pairwise'], 'jwt'), ['public']);
  });

  it('defaults subject_type to pairwise when only pairwise is offered', async () => {
    const validator = new ClientValidator({ subjectTypes: ['pairwise'], defaultAccessTokenStrategy: 'opaque', defaultScope: ['openid'], outbound: new OutboundHttp(new OutboundPolicy()) });
    const client = await validator.validate({}, { client_id: 'x', created_at: 0, updated_at: 0 });
    assert.equal(client.subject_type, 'pairwise');
    assert.equal(client.scope, 'openid');
  });

  it('checks sector_identifier_uri documents against the redirect URIs', async () => {
    const serve = (doc: unknown) => async () => doc;
    await checkSectorIdentifier('https://s.example/sector.json', ['https://a.example/cb'], serve(['https://a.example/cb']));
    await assert.rejects(checkSectorIdentifier('https://s.example/s.json', ['https://b.example/cb'], serve(['https://a.example/cb'])), /./);
    await assert.rejects(checkSectorIdentifier('https://s.example/s.json', [], serve({})), /./);
    await assert.rejects(checkSectorIdentifier('https://s.example/s.json', [], async () => { throw new Error('down'); }), /./);
  });

  it('seals page tokens that only this server opens, for one hour', () => {
    let now = 1_000_000;
    const tokens = new PageTokens(new Aead(['pagination-secret-1']), () => now);
    const token = tokens.seal('client-42');
    assert.equal(tokens.open(token), 'client-42');
    assert.equal(token.includes('client-42'), false);
    rejects(() => new PageTokens(new Aead(['another-secret'])).open(token), 'invalid_request');
    rejects(() => tokens.open(`${token.slice(0, -2)}AA`), 'invalid_request');
    rejects(() => new PageTokens(new Aead(['pagination-secret-1'])).open(new Aead(['pagination-secret-1']).seal('{"id":"x","e":9e15}')), 'invalid_request');
    assert.equal(new PageTokens(new Aead(['newer', 'pagination-secret-1']), () => now).open(token), 'client-42', 'rotated secrets still open');
    now += 60 * 60 * 1000 + 1;
    rejects(() => tokens.open(token), 'invalid_request');
  });

  it("formats the Link header as Hydra's keysetpagination", () => {
    const header = linkHeader({ path: '/admin/clients', query: new URLSearchParams('owner=a b&page_size=2'), pageSize: 2, firstToken: 'F', nextToken: 'N' });
    assert.equal(
      header,
      '</admin/clients?owner=a+b&page_size=2&page_token=F>; rel="first",</admin/clients?owner=a+b&page_size=2&page_token=N>; rel="next"',
    );
  });
});
