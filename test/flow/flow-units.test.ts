/**
 * Framework-free pieces of the flow: Hydra's cookie-name hash, PKCE checks, the HTML escaping of
 * the fallback pages, and the skip rules, without a server.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { murmur3 } from '../../src/flow/murmur3.js';
import { checkChallenge, verifyCodeVerifier } from '../../src/oauth2/authorize/pkce.js';
import { escapeHtml } from '../../src/web/html.js';
import { halfHash } from '../../src/oauth2/tokens/id-token.js';
import { canSkipLogin, rememberedConsent } from '../../src/flow/remembered.js';
import type { FlowRecord } from '../../src/flow/flow-store.js';
import type { AuthorizeRequest } from '../../src/flow/flow-model.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { error?: string }).error;
  }
  return 'ok';
};

describe('flow building blocks', () => {
  it('hashes client ids with MurmurHash3 x86_32, seed 0, as Hydra names its CSRF cookies', () => {
    assert.equal(murmur3(''), 0);
    assert.equal(murmur3('hello'), 0x248bfa47);
    assert.equal(murmur3('abc'), 0xb3dd93fa);
    assert.equal(murmur3('The quick brown fox jumps over the lazy dog'), 0x2e4ff723);
  });

  it('accepts S256 only, and verifies the verifier per RFC 7636 §4.6', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'; // RFC 7636 Appendix B
    assert.equal(checkChallenge(challenge, 'S256', false), challenge);
    assert.equal(code(() => checkChallenge(challenge, 'plain', false)), 'invalid_request');
    assert.equal(code(() => checkChallenge(undefined, undefined, true)), 'invalid_request');
    assert.equal(checkChallenge(undefined, undefined, false), undefined);
    assert.equal(code(() => verifyCodeVerifier(challenge, verifier)), 'ok');
    assert.equal(code(() => verifyCodeVerifier(challenge, `${verifier.slice(0, -1)}Y`)), 'invalid_grant');
    assert.equal(code(() => verifyCodeVerifier(challenge, 'short')), 'invalid_grant');
    assert.equal(code(() => verifyCodeVerifier(undefined, verifier)), 'invalid_grant');
  });

  it('escapes every HTML metacharacter, and ` and = for unquoted attributes (GHSA-7v6r-w4r6-mhch)', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&#60;a href&#61;&#34;x&#34; onclick&#61;&#39;y&#39;&#62;&#38;&#60;/a&#62;');
    assert.equal(escapeHtml('a=`b`'), 'a&#61;&#96;b&#96;');
  });

  it('computes at_hash with the hash of the signing algorithm (fosite #630)', () => {
    const left = (alg: string, bytes: number) => createHash(alg).update('token').digest().subarray(0, bytes).toString('base64url');
    assert.equal(halfHash('token', 'RS256'), left('sha256', 16));
    assert.equal(halfHash('token', 'ES384'), left('sha384', 24));
    assert.equal(halfHash('token', 'PS512'), left('sha512', 32));
  });

  it('skips a remembered login unless prompt=login, max_age=0 or an older authentication than max_age', () => {
    const now = 1_800_000_000_000;
    const remembered = { sid: 's', subject: 'alice', authTime: now / 1000 - 100, expiresAt: now + 1000 };
    const request = (extra: Partial<AuthorizeRequest>) => ({ prompt: [], ...extra }) as unknown as AuthorizeRequest;
    assert.equal(canSkipLogin(request({}), remembered, now), true);
    assert.equal(canSkipLogin(request({}), undefined, now), false);
    assert.equal(canSkipLogin(request({ prompt: ['login'] }), remembered, now), false);
    assert.equal(canSkipLogin(request({ maxAge: 0 }), remembered, now), false);
    assert.equal(canSkipLogin(request({ maxAge: 50 }), remembered, now), false);
    assert.equal(canSkipLogin(request({ maxAge: 500 }), remembered, now), true);
  });

  it('reuses a remembered consent only when it covers the request, and for public clients only on https or loopback', () => {
    const now = 1_800_000_000_000;
    const consent = { grant_scope: ['openid', 'photos.read'], grant_access_token_audience: [], remember: true, remember_for: 0, handled_at: now / 1000 - 10 };
    const flows = [{ data: { consent } }] as unknown as FlowRecord[];
    const request = (redirectUri: string, scope = ['photos.read'], prompt: string[] = []) => ({ redirectUri, scope, audience: [], prompt }) as unknown as AuthorizeRequest;
    assert.ok(rememberedConsent(request('http://app.example/cb'), false, flows, now));
    assert.equal(rememberedConsent(request('http://app.example/cb', ['photos.write']), false, flows, now), undefined);
    assert.equal(rememberedConsent(request('http://app.example/cb', ['photos.read'], ['consent']), false, flows, now), undefined);
    assert.equal(rememberedConsent(request('http://app.example/cb'), true, flows, now), undefined);
    assert.ok(rememberedConsent(request('https://app.example/cb'), true, flows, now));
    assert.ok(rememberedConsent(request('http://127.0.0.1:5555/cb'), true, flows, now));
    const expired = [{ data: { consent: { ...consent, remember_for: 5 } } }] as unknown as FlowRecord[];
    assert.equal(rememberedConsent(request('https://app.example/cb'), false, expired, now), undefined);
  });
});
