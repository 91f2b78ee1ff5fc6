/**
 * Pairwise subject identifiers (OIDC Core §8.1) with Hydra's formula and semantics, on each
 * database: a pairwise client's ID token and userinfo carry SHA-256(sector ‖ subject ‖ salt) in
 * hex, the sector being the host of its only redirect URI; clients of one sector share it, other
 * sectors do not; access tokens and introspection keep the local subject (introspection adds
 * obfuscated_subject); force_subject_identifier replaces the pairwise value for pairwise clients
 * only; a pairwise client with two redirect URIs and no sector_identifier_uri is refused.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, consent, createClient, insecure, pkce, query, sdk, startLogin } from '../flow/support.js';
import { introspect, refreshRaw } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const SALT = 'pairwise-test-salt';
const SUBJECT = 'foo@bar.com';
const SECRET = 'pairwise-secret';
const expected = (sector: string, subject: string) => createHash('sha256').update(`${sector}${subject}${SALT}`).digest('hex');

interface Registered {
  id: string;
  redirect: string;
}

const sectorA: Registered = { id: 'sector-a', redirect: 'http://127.0.0.1:5555/callback' };
const sectorAOther: Registered = { id: 'sector-a-other', redirect: 'http://127.0.0.1:5555/elsewhere' };
const sectorB: Registered = { id: 'sector-b', redirect: 'http://localhost:5556/callback' };
const publicApp: Registered = { id: 'public-app', redirect: 'http://127.0.0.1:5555/callback' };

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
    OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: SALT,
  },
};

describeOnEachDatabase('pairwise subjects', serverOptions, (ctx) => {

  before(async () => {
    const common = { client_secret: SECRET, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'openid offline' };
    for (const app of [sectorA, sectorAOther, sectorB]) await createClient(ctx.server, { ...common, client_id: app.id, redirect_uris: [app.redirect], subject_type: 'pairwise' });
    await createClient(ctx.server, { ...common, client_id: publicApp.id, redirect_uris: [publicApp.redirect] });
    await createClient(ctx.server, {
      ...common, client_id: 'two-sectors', subject_type: 'pairwise', redirect_uris: ['http://127.0.0.1:5555/callback', 'http://localhost:5556/callback'],
    });
  });

  /** A code flow for `app`, login accepted as SUBJECT (with `force` if given); the token response and ID token claims. */
  async function signIn(app: Registered, force?: string) {
    const browser = new Browser();
    const api = sdk(ctx.server);
    const { verifier, challenge } = await pkce();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, {
      client_id: app.id, response_type: 'code', redirect_uri: app.redirect, scope: 'openid offline', state: 'state-123456', code_challenge: challenge, code_challenge_method: 'S256',
    }));
    const { data } = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: SUBJECT, ...(force ? { force_subject_identifier: force } : {}) } });
    const hop = await browser.visit(data.redirect_to);
    const consentChallenge = query(hop.location, 'consent_challenge');
    assert.ok(consentChallenge, `expected the consent UI, got ${hop.location}`);
    const { data: consentRequest } = await api.getOAuth2ConsentRequest({ consentChallenge });
    assert.equal(consentRequest.subject, SUBJECT, 'the consent app sees the local subject');
    const callback = await consent(browser, api, consentChallenge);
    const rp = { client_id: app.id };
    const params = oauth.validateAuthResponse(ctx.as, rp, new URL(callback), 'state-123456');
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, rp, oauth.ClientSecretBasic(SECRET), params, app.redirect, verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(ctx.as, rp, response, { requireIdToken: true });
    return { tokens, idToken: oauth.getValidatedIdTokenClaims(tokens)! };
  }

  it('advertises both subject types in discovery', () => {
    assert.deepEqual(ctx.as.subject_types_supported, ['public', 'pairwise']);
  });

  it('derives the ID token sub from the sector, stable within it and different across sectors', async () => {
    const a = await signIn(sectorA);
    assert.equal(a.idToken.sub, expected('127.0.0.1:5555', SUBJECT), 'Hydra: hex SHA-256 of redirect host, subject and salt');
    assert.notEqual(a.idToken.sub, SUBJECT);
    assert.equal((await signIn(sectorA)).idToken.sub, a.idToken.sub, 'stable for the same client');
    assert.equal((await signIn(sectorAOther)).idToken.sub, a.idToken.sub, 'shared by clients of the same sector');
    const b = await signIn(sectorB);
    assert.equal(b.idToken.sub, expected('localhost:5556', SUBJECT));
    assert.notEqual(b.idToken.sub, a.idToken.sub, 'another sector cannot correlate the user');
    assert.equal((await signIn(publicApp)).idToken.sub, SUBJECT, 'a public client gets the local subject');
  });

  it('answers the same sub at userinfo and after a refresh; the access token keeps the local subject', async () => {
    const { tokens, idToken } = await signIn(sectorA);
    const userinfo = await request('GET', `${ctx.server.publicUrl}/userinfo`, undefined, { authorization: `Bearer ${tokens.access_token}` });
    assert.equal(userinfo.status, 200);
    assert.equal(userinfo.body.sub, idToken.sub, 'OIDC Core §5.3.2: userinfo sub is the ID token sub');
    const introspection = await introspect(ctx.server, tokens.access_token);
    assert.equal(introspection.sub, SUBJECT, 'Hydra: introspection keeps the local subject');
    assert.equal(introspection.obfuscated_subject, idToken.sub);
    assert.equal((await introspect(ctx.server, tokens.refresh_token!)).sub, SUBJECT);

    const refreshed = await refreshRaw(ctx.server, { id: sectorA.id, secret: SECRET }, tokens.refresh_token!);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const claims = JSON.parse(Buffer.from(refreshed.body.id_token.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, idToken.sub, 'the refreshed ID token keeps the pairwise sub');
    assert.equal((await introspect(ctx.server, refreshed.body.access_token)).sub, SUBJECT);
  });

  it('lets force_subject_identifier replace the pairwise sub, and ignores it for a public client', async () => {
    const forced = await signIn(sectorA, 'forced-subject');
    assert.equal(forced.idToken.sub, 'forced-subject');
    const userinfo = await request('GET', `${ctx.server.publicUrl}/userinfo`, undefined, { authorization: `Bearer ${forced.tokens.access_token}` });
    assert.equal(userinfo.body.sub, 'forced-subject');
    assert.equal((await introspect(ctx.server, forced.tokens.access_token)).sub, SUBJECT);
    assert.equal((await signIn(publicApp, 'forced-subject')).idToken.sub, SUBJECT, 'Hydra: forcing applies to pairwise clients only');
  });

  it('refuses a pairwise client with two redirect hosts and no sector_identifier_uri, back to the client', async () => {
    const browser = new Browser();
    const api = sdk(ctx.server);
    const { challenge } = await pkce();
    const redirect = 'http://127.0.0.1:5555/callback';
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, {
      client_id: 'two-sectors', response_type: 'code', redirect_uri: redirect, scope: 'openid', state: 'state-123456', code_challenge: challenge, code_challenge_method: 'S256',
    }));
    const { data } = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: SUBJECT } });
    const hop = await browser.visit(data.redirect_to);
    assert.equal(hop.status, 302);
    assert.ok(hop.location.startsWith(redirect), hop.location);
    assert.equal(query(hop.location, 'error'), 'invalid_request');
    assert.match(query(hop.location, 'error_hint') ?? query(hop.location, 'error_description')!, /sector_identifier_uri/);
  });
});
