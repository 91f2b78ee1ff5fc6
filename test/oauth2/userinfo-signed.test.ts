/**
 * Signed UserInfo (OIDC Core §5.3.2, Registration §2 userinfo_signed_response_alg) as Hydra
 * serves it, on each database: a client registered with RS256 gets application/jwt signed with
 * the ID token keys, verified here with jose against the public JWKS, carrying iss, aud (the
 * client), the ID token's sub, jti and iat; discovery lists none and the ID token algorithm.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { request } from '../support/http.js';
import { createClient } from '../flow/support.js';
import { REDIRECT, codeFlowTokens, type FlowClient } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const signed: FlowClient = { id: 'signed-userinfo', secret: 'signed-secret' };
const plain: FlowClient = { id: 'plain-userinfo', secret: 'plain-secret' };
const session = { id_token: { email: 'foo@bar.com' } };

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('signed userinfo', serverOptions, (ctx) => {

  before(async () => {
    const common = { grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid email', redirect_uris: [REDIRECT] };
    await createClient(ctx.server, { ...common, client_id: signed.id, client_secret: signed.secret, userinfo_signed_response_alg: 'RS256' });
    await createClient(ctx.server, { ...common, client_id: plain.id, client_secret: plain.secret });
  });

  it('advertises the userinfo signing algorithms in discovery', () => {
    assert.deepEqual(ctx.as.userinfo_signing_alg_values_supported, ['none', ...ctx.as.id_token_signing_alg_values_supported!]);
  });

  it('answers an RS256 client with a JWT signed by the ID token keys', async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, signed, 'openid email', session);
    const response = await request('GET', `${ctx.server.publicUrl}/userinfo`, undefined, { authorization: `Bearer ${tokens.access_token}` });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^application\/jwt/);
    const jwt = response.body as string;
    const jwks = createRemoteJWKSet(new URL(ctx.as.jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks, { issuer: ctx.as.issuer, audience: signed.id, algorithms: ['RS256'] });
    assert.equal(protectedHeader.alg, 'RS256');
    const idTokenHeader = decodeProtectedHeader(tokens.id_token!);
    assert.equal(protectedHeader.kid, idTokenHeader.kid, 'the key that signs ID tokens');
    const idToken = oauth.getValidatedIdTokenClaims(tokens)!;
    assert.equal(payload.sub, idToken.sub);
    assert.equal(payload.email, 'foo@bar.com');
    assert.ok(typeof payload.jti === 'string' && payload.jti.length > 0);
    assert.ok(typeof payload.iat === 'number');
    assert.equal(payload.exp, undefined, 'Hydra sets no expiry on signed userinfo');
    assert.equal(payload.nonce, undefined);
  });

  it('keeps plain JSON for a client without userinfo_signed_response_alg', async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, plain, 'openid email', session);
    const response = await request('GET', `${ctx.server.publicUrl}/userinfo`, undefined, { authorization: `Bearer ${tokens.access_token}` });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^application\/json/);
    assert.equal(response.body.sub, 'foo@bar.com');
  });
});
