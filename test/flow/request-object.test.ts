/**
 * Request objects at /oauth2/auth (OpenID Connect Core §6, RFC 9101), as fosite reads them: the
 * authorization parameters signed by the client (oauth4webapi's issueRequestObject), by value and
 * from a registered request_uri served by a test server, through login, consent and the code
 * exchange; and each misuse refused with fosite's error on the error page (the redirect URI is not
 * established yet: the object may carry it), never ignored and never a 500. On each database.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, jwtVerify, createRemoteJWKSet } from 'jose';
import { Browser, authorizeUrl, consent, createClient, insecure, login, pkce, query, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { startRequestUriServer, type RequestUriServer } from './request-uri-server.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const ERROR_PAGE = 'http://login.test/error';
const UI = { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent', URLS_ERROR: ERROR_PAGE };

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;

async function publicJwk(keys: Keys, kid: string, alg: string): Promise<Record<string, unknown>> {
  return { ...(await exportJWK(keys.publicKey)), kid, alg, use: 'sig' };
}

let uris: RequestUriServer;
let es256: Keys;
let rs256: Keys;
let stranger: Keys;

before(async () => {
  uris = await startRequestUriServer();
  es256 = await generateKeyPair('ES256');
  rs256 = await generateKeyPair('RS256');
  stranger = await generateKeyPair('ES256');
});
after(async () => {
  await uris?.close();
});

describeOnEachDatabase('request objects', { env: UI }, (ctx) => {
  const registered = (name: string) => `${uris.base}/${ctx.dialect}/${name}`;

  before(async () => {
    const common = {
      client_secret: 'web-secret',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid photos.read',
      redirect_uris: [REDIRECT],
    };
    // request_object_signing_alg ES256: only ES256 objects, signed with this key.
    await createClient(ctx.server, {
      ...common,
      client_id: 'ro-app',
      jwks: { keys: [await publicJwk(es256, 'rp-es', 'ES256')] },
      request_object_signing_alg: 'ES256',
      request_uris: ['flow.jwt', 'missing.jwt', 'big.jwt', 'garbage.jwt', 'elsewhere.jwt'].map(registered),
    });
    // No algorithm registered: any algorithm Tessera verifies, never none.
    await createClient(ctx.server, { ...common, client_id: 'ro-any', jwks: { keys: [await publicJwk(rs256, 'rp-rs', 'RS256')] } });
    // Unsigned objects allowed, because the client registered none.
    await createClient(ctx.server, { ...common, client_id: 'ro-none', jwks: { keys: [await publicJwk(rs256, 'rp-rs', 'RS256')] }, request_object_signing_alg: 'none' });
    await createClient(ctx.server, { ...common, client_id: 'ro-keyless' });
    // Keys by reference: whatever the resolver of jwks_uri answers (here: nothing listens), a failure is the request object's.
    await createClient(ctx.server, { ...common, client_id: 'ro-remote', jwks_uri: 'http://127.0.0.1:9/jwks.json' });
    // Keys by reference that can be had: the set is served by the test's server (private_key_jwt's cache fetches it).
    const jwksUri = uris.serve(`/${ctx.dialect}/jwks.json`, JSON.stringify({ keys: [await publicJwk(es256, 'rp-es', 'ES256')] }));
    await createClient(ctx.server, { ...common, client_id: 'ro-jwks-uri', jwks_uri: jwksUri, request_object_signing_alg: 'ES256' });
  });

  const signed = (clientId: string, parameters: Record<string, string>, key: Keys = es256, kid = 'rp-es') =>
    oauth.issueRequestObject(ctx.as, { client_id: clientId }, parameters, { key: key.privateKey, kid });

  /** One hop to /oauth2/auth; asserts fosite's error on the error page and returns its hint. */
  async function refused(params: Record<string, string>, error: string): Promise<string> {
    const hop = await new Browser().visit(authorizeUrl(ctx.as, params));
    assert.equal(hop.status, 302, hop.body);
    assert.ok(hop.location.startsWith(`${ERROR_PAGE}?`), hop.location);
    assert.equal(query(hop.location, 'error'), error, hop.location);
    return query(hop.location, 'error_hint') ?? '';
  }

  async function codeFlow(queryParams: Record<string, string>, objectParams: { state: string; nonce: string; verifier: string }, clientId = 'ro-app') {
    const browser = new Browser();
    const api = sdk(ctx.server);
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, queryParams));
    const { data: loginRequest } = await api.getOAuth2LoginRequest({ loginChallenge });
    assert.equal(loginRequest.client.client_id, clientId);
    assert.deepEqual(loginRequest.requested_scope, ['openid', 'photos.read']);
    const consentChallenge = await login(browser, api, loginChallenge);
    const callback = await consent(browser, api, consentChallenge);
    assert.ok(callback.startsWith(`${REDIRECT}?`), callback);
    const client = { client_id: clientId };
    const params = oauth.validateAuthResponse(ctx.as, client, new URL(callback), objectParams.state);
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, client, oauth.ClientSecretBasic('web-secret'), params, REDIRECT, objectParams.verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(ctx.as, client, response, { expectedNonce: objectParams.nonce, requireIdToken: true });
    assert.match(tokens.access_token, /^ory_at_/);
    assert.equal(tokens.scope, 'openid photos.read');
    const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(ctx.as.jwks_uri!)), { issuer: ctx.as.issuer, audience: clientId });
    assert.equal(payload.nonce, objectParams.nonce);
    return { loginRequest };
  }

  async function flowParameters() {
    const { verifier, challenge } = await pkce();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const object = {
      client_id: 'ro-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid photos.read', state, nonce,
      code_challenge: challenge, code_challenge_method: 'S256',
    };
    return { object, state, nonce, verifier };
  }

  it('runs the code flow with every parameter in a signed request object passed by value', async () => {
    const { object, ...expected } = await flowParameters();
    // The query carries what OAuth 2.0 requires and `openid` (OIDC Core §6.1), nothing else.
    const request = await signed('ro-app', object);
    const { loginRequest } = await codeFlow({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request }, expected);
    // Hydra's request_url is the request as sent, object included.
    assert.equal(new URL(loginRequest.request_url).searchParams.get('request'), request);
  });

  it('runs the code flow with the request object fetched from a registered request_uri', async () => {
    const { object, ...expected } = await flowParameters();
    const location = uris.serve(`/${ctx.dialect}/flow.jwt`, await signed('ro-app', object));
    const before = uris.hits.length;
    await codeFlow({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request_uri: location }, expected);
    assert.ok(uris.hits.slice(before).every((path) => path === `/${ctx.dialect}/flow.jwt`));
    assert.ok(uris.hits.length > before);
  });

  it('accepts an unsigned request object from a client that registered request_object_signing_alg none', async () => {
    const { object, ...expected } = await flowParameters();
    const request = new UnsecuredJWT({ ...object, client_id: 'ro-none' }).setIssuedAt().setExpirationTime('5m').encode();
    await codeFlow({ client_id: 'ro-none', response_type: 'code', scope: 'openid', request }, expected, 'ro-none');
  });

  it("runs the code flow with a request object verified with keys from the client's jwks_uri", async () => {
    const { object, ...expected } = await flowParameters();
    const request = await signed('ro-jwks-uri', { ...object, client_id: 'ro-jwks-uri' });
    const before = uris.hits.length;
    await codeFlow({ client_id: 'ro-jwks-uri', response_type: 'code', scope: 'openid', request }, expected, 'ro-jwks-uri');
    assert.ok(uris.hits.slice(before).includes(`/${ctx.dialect}/jwks.json`), 'the key set was fetched from jwks_uri');
  });

  it('reads a request object sent in the body of POST /oauth2/auth', async () => {
    const { object } = await flowParameters();
    const body = new URLSearchParams({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request: await signed('ro-app', object) });
    const response = await fetch(ctx.as.authorization_endpoint!, { method: 'POST', body, redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^http:\/\/login\.test\/login\?login_challenge=/);
  });

  it('refuses a request object whose keys cannot be had from the client\'s jwks_uri', async () => {
    const { object } = await flowParameters();
    const request = await signed('ro-remote', { ...object, client_id: 'ro-remote' }, rs256, 'rp-rs');
    const hint = await refused({ client_id: 'ro-remote', response_type: 'code', scope: 'openid', request }, 'invalid_request_object');
    assert.equal(hint, 'Unable to retrieve RSA signing key from OAuth 2.0 Client.');
  });

  it('merges as fosite: the object wins, the query fills in, and the scopes are the union of both', async () => {
    const api = sdk(ctx.server);
    const request = await signed('ro-app', {
      client_id: 'ro-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'photos.read', state: 'state-of-the-object',
      nonce: 'nonce-of-the-object', login_hint: 'object@example.com',
    });
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, {
      client_id: 'ro-app', response_type: 'code', scope: 'openid', request,
      state: 'state-of-the-query', login_hint: 'query@example.com', ui_locales: 'de',
    }));
    const { data } = await api.getOAuth2LoginRequest({ loginChallenge });
    assert.deepEqual(data.requested_scope, ['photos.read', 'openid']);
    // login_hint from the object over the query's; ui_locales only in the query.
    assert.equal(data.oidc_context?.login_hint, 'object@example.com');
    assert.deepEqual(data.oidc_context?.ui_locales, ['de']);
    const consentChallenge = await login(browser, api, loginChallenge);
    const callback = await consent(browser, api, consentChallenge);
    assert.equal(query(callback, 'state'), 'state-of-the-object');
  });

  it('refuses a request object whose signature does not verify', async () => {
    const { object } = await flowParameters();
    const forged = await signed('ro-app', object, stranger, 'rp-es');
    const hint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request: forged }, 'invalid_request_object');
    assert.equal(hint, "Unable to verify the request object's signature.");
  });

  it('refuses an algorithm other than the registered request_object_signing_alg', async () => {
    const { object } = await flowParameters();
    const rs = await signed('ro-app', object, rs256, 'rp-rs');
    const hint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request: rs }, 'invalid_request_object');
    assert.equal(hint, "The request object uses signing algorithm 'RS256', but the requested OAuth 2.0 Client enforces signing algorithm 'ES256'.");
  });

  it('refuses alg none from a client that did not register none', async () => {
    const { object } = await flowParameters();
    for (const clientId of ['ro-any', 'ro-app']) {
      const request = new UnsecuredJWT({ ...object, client_id: clientId }).setIssuedAt().setExpirationTime('5m').encode();
      const hint = await refused({ client_id: clientId, response_type: 'code', scope: 'openid', request }, 'invalid_request_object');
      assert.match(hint, clientId === 'ro-app' ? /uses signing algorithm 'none'.*enforces signing algorithm 'ES256'/ : /not signed \(alg 'none'\)/);
    }
  });

  it('refuses HMAC, which fosite does not verify', async () => {
    const request = await new SignJWT({ client_id: 'ro-any', scope: 'openid' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode('web-secret-web-secret-web-secret!'));
    const hint = await refused({ client_id: 'ro-any', response_type: 'code', scope: 'openid', request }, 'invalid_request_object');
    assert.equal(hint, "This request object uses unsupported signing algorithm 'HS256'.");
  });

  it('refuses a key the client did not register (unknown kid)', async () => {
    const { object } = await flowParameters();
    const request = await signed('ro-app', object, es256, 'not-registered');
    const hint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request }, 'invalid_request_object');
    assert.equal(hint, 'Unable to retrieve ECDSA signing key from OAuth 2.0 Client.');
  });

  it('refuses request and request_uri together', async () => {
    const { object } = await flowParameters();
    const hint = await refused({
      client_id: 'ro-app', response_type: 'code', scope: 'openid', request: await signed('ro-app', object), request_uri: registered('flow.jwt'),
    }, 'invalid_request');
    assert.equal(hint, "OpenID Connect parameters 'request' and 'request_uri' were both given, but you can use at most one.");
  });

  it('refuses a request_uri the client did not register, without fetching it', async () => {
    const location = uris.serve(`/${ctx.dialect}/unregistered.jwt`, await signed('ro-app', (await flowParameters()).object));
    const before = uris.hits.length;
    const hint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request_uri: location }, 'invalid_request_uri');
    assert.equal(hint, `Request URI '${location}' is not whitelisted by the OAuth 2.0 Client.`);
    assert.equal(uris.hits.length, before);
  });

  it('refuses a request_uri that answers 404, more than 1 MiB, or something that is no JWT', async () => {
    const base = { client_id: 'ro-app', response_type: 'code', scope: 'openid' };
    const missing = await refused({ ...base, request_uri: registered('missing.jwt') }, 'invalid_request_uri');
    assert.equal(missing, "Unable to fetch OpenID Connect request parameters from 'request_uri' because status code '200' was expected, but got '404'.");
    uris.serve(`/${ctx.dialect}/big.jwt`, Buffer.alloc((1 << 20) + 1, 'a'));
    const big = await refused({ ...base, request_uri: registered('big.jwt') }, 'invalid_request_uri');
    assert.equal(big, "Unable to fetch OpenID Connect request parameters from 'request_uri' because: the response is larger than 1048576 bytes.");
    uris.serve(`/${ctx.dialect}/garbage.jwt`, '<html>not a request object</html>');
    const garbage = await refused({ ...base, request_uri: registered('garbage.jwt') }, 'invalid_request_object');
    assert.equal(garbage, "Unable to verify the request object's signature.");
  });

  it('refuses a request object whose client_id or response_type is not the request\'s', async () => {
    const { object } = await flowParameters();
    // Signed with ro-app's key, in ro-any's name (issueRequestObject always writes its own client_id).
    const otherClient = await new SignJWT({ ...object, client_id: 'ro-any' }).setProtectedHeader({ alg: 'ES256', kid: 'rp-es' }).setExpirationTime('5m').sign(es256.privateKey);
    const clientHint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request: otherClient }, 'invalid_request_object');
    assert.equal(clientHint, "The 'client_id' in the request object does not match the 'client_id' of the request.");
    // By reference too, under another client's name at the request.
    const location = uris.serve(`/${ctx.dialect}/elsewhere.jwt`, await signed('ro-any', { ...object, client_id: 'ro-any' }, rs256, 'rp-rs'));
    await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request_uri: location }, 'invalid_request_object');
    const otherType = await signed('ro-app', { ...object, response_type: 'code id_token' });
    const typeHint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request: otherType }, 'invalid_request_object');
    assert.equal(typeHint, "The 'response_type' in the request object does not match the 'response_type' of the request.");
  });

  it('refuses an expired request object, and one issued in the future', async () => {
    const { object } = await flowParameters();
    const expired = await signed('ro-app', object);
    ctx.clock.offsetMs = 10 * 60_000; // issueRequestObject's objects live 5 minutes
    try {
      const hint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request: expired }, 'invalid_request_object');
      assert.equal(hint, 'Unable to verify the request object because its claims could not be validated, check if the expiry time is set correctly.');
    } finally {
      ctx.clock.offsetMs = 0;
    }
    const future = await new SignJWT(object).setProtectedHeader({ alg: 'ES256', kid: 'rp-es' }).setIssuedAt(Math.floor(Date.now() / 1000) + 600).sign(es256.privateKey);
    await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request: future }, 'invalid_request_object');
  });

  it('refuses a request object without openid in the query scope, rather than ignoring it', async () => {
    const { object } = await flowParameters();
    const request = await signed('ro-app', object);
    const hint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'photos.read', request }, 'request_not_supported');
    assert.match(hint, /OpenID Connect requests only/);
    await refused({ client_id: 'ro-app', response_type: 'code', request_uri: registered('flow.jwt') }, 'request_uri_not_supported');
  });

  it('refuses a request object from a client that registered no keys', async () => {
    const request = new UnsecuredJWT({ client_id: 'ro-keyless' }).encode();
    const hint = await refused({ client_id: 'ro-keyless', response_type: 'code', scope: 'openid', request }, 'invalid_request');
    assert.equal(hint, "OpenID Connect 'request' or 'request_uri' context was given, but the OAuth 2.0 Client does not have any JSON Web Keys registered.");
  });

  it('refuses, with clients.http.disallow_private_ip_ranges on, to fetch a request_uri on a private address', async () => {
    uris.serve(`/${ctx.dialect}/flow.jwt`, await signed('ro-app', (await flowParameters()).object));
    await ctx.restart({ env: { ...UI, CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true' } });
    const before = uris.hits.length;
    const hint = await refused({ client_id: 'ro-app', response_type: 'code', scope: 'openid', request_uri: registered('flow.jwt') }, 'invalid_request_uri');
    assert.equal(hint, "Unable to fetch OpenID Connect request parameters from 'request_uri' because: dial tcp: no route to host.");
    assert.equal(uris.hits.length, before);
  });
});
