/**
 * id_token_hint at the authorization endpoint (OIDC Core §3.1.2.1), as Hydra treats it
 * (consent/strategy_default.go): an ID token signed by this server's id-token keys, expired or
 * not, whose claims the login app reads in oidc_context.id_token_hint_claims; a foreign or
 * malformed hint is invalid_request; a remembered login of another subject is login_required.
 * On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair } from 'jose';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, createClient, query, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('id_token_hint at the authorization endpoint', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);
  const codeUrl = (extra: Record<string, string>) => authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 'state-123456', ...extra });

  before(async () => {
    await createClient(ctx.server, {
      client_id: 'spa', client_secret: 'spa-secret', grant_types: ['implicit', 'authorization_code'], response_types: ['code', 'id_token'],
      scope: 'openid', redirect_uris: [REDIRECT], implicit_grant_id_token_lifespan: '1s',
    });
  });

  /** An implicit flow that returns an ID token for `subject`; the login is remembered in `browser`. */
  async function idTokenFor(browser: Browser, subject: string): Promise<string> {
    const start = authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, response_type: 'id_token', scope: 'openid', state: 'state-123456', nonce: 'nonce-123456' });
    const loginChallenge = await startLogin(browser, start);
    const { data: accepted } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject, remember: true, remember_for: 3600 } });
    const consentChallenge = query((await browser.visit(accepted.redirect_to)).location, 'consent_challenge')!;
    const { data } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'], remember: true, remember_for: 3600 } });
    const hop = await browser.visit(data.redirect_to);
    const idToken = new URLSearchParams(new URL(hop.location).hash.slice(1)).get('id_token');
    assert.ok(idToken, hop.location);
    return idToken;
  }

  it('shows the claims of a hint, even an expired one, to the login app', async () => {
    const hint = await idTokenFor(new Browser(), 'alice');
    // implicit_grant_id_token_lifespan is 1s: wait for the hint to expire; Hydra still accepts it.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const loginChallenge = await startLogin(new Browser(), codeUrl({ id_token_hint: hint }));
    const { data } = await api().getOAuth2LoginRequest({ loginChallenge });
    const claims = data.oidc_context!.id_token_hint_claims as Record<string, unknown>;
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.iss, ctx.as.issuer);
    assert.deepEqual(claims.aud, ['spa']);
    assert.ok((claims.exp as number) < Date.now() / 1000, 'the hint had expired');
  });

  it('refuses a hint not signed by this server, or not a JWT at all, with invalid_request', async () => {
    const jwks = await request('GET', ctx.as.jwks_uri!);
    const kid = jwks.body.keys[0].kid as string;
    // Same kid and issuer as ours, but another key: only the signature tells it apart.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(ctx.as.issuer).setAudience('spa').setIssuedAt().setExpirationTime('1h').sign(privateKey);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'alice', iss: ctx.as.issuer })).toString('base64url')}.`;
    for (const hint of [forged, unsigned, 'not-a-jwt']) {
      const hop = await new Browser().visit(codeUrl({ id_token_hint: hint }));
      assert.equal(hop.status, 302);
      assert.ok(hop.location.startsWith(`${REDIRECT}?`), hop.location);
      assert.equal(query(hop.location, 'error'), 'invalid_request');
      assert.match(query(hop.location, 'error_hint')!, /id_token_hint/);
      assert.equal(query(hop.location, 'state'), 'state-123456');
    }
  });

  it('answers login_required when the remembered login belongs to another subject than the hint', async () => {
    const bobHint = await idTokenFor(new Browser(), 'bob');
    const alice = new Browser();
    const aliceHint = await idTokenFor(alice, 'alice');

    const refused = await alice.visit(codeUrl({ prompt: 'none', id_token_hint: bobHint }));
    assert.equal(refused.status, 302);
    assert.equal(query(refused.location, 'error'), 'login_required');
    assert.equal(query(refused.location, 'state'), 'state-123456');
    assert.match(query(refused.location, 'error_hint')!, /id_token_hint does not match/);
    // Hydra refuses the mismatch whatever the prompt, rather than reusing alice's login for bob.
    assert.equal(query((await alice.visit(codeUrl({ id_token_hint: bobHint }))).location, 'error'), 'login_required');

    // The same session with its own subject's hint goes on, skipping the login form.
    const loginChallenge = await startLogin(alice, codeUrl({ prompt: 'none', id_token_hint: aliceHint }));
    const { data } = await api().getOAuth2LoginRequest({ loginChallenge });
    assert.equal(data.skip, true);
    assert.equal(data.subject, 'alice');
  });
});
