/**
 * Hydra's verifiable credentials (OpenID for Verifiable Credential Issuance draft 00) over real
 * HTTP, on each database: a code flow granting openid and userinfo_credential_draft_00 gives a
 * c_nonce in the token response (refresh too), the wallet signs a proof JWT with its own key
 * carrying that nonce, and POST /credentials answers a credential that the server's JWKS
 * verifies and that names the wallet's key as did:jwk. Then every way of getting it wrong.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK } from 'jose';
import { request } from '../support/http.js';
import { describeOnEachDatabase, type DatabaseContext } from '../support/on-each-database.js';
import { createClient } from '../flow/support.js';
import { REDIRECT, basic, codeFlowTokens, refreshRaw, revoke } from '../flow/offline-grant.js';

const wallet = { id: 'wallet', secret: 'wallet-secret' };
const plain = { id: 'plain', secret: 'plain-secret' };
const SCOPE = 'openid offline userinfo_credential_draft_00';
const ENV = {
  URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent', TTL_VC_NONCE: '10m',
  // Per-client CORS, for a wallet running in a browser.
  SERVE_PUBLIC_CORS_ENABLED: 'true', SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: 'https://listener.example.org',
};
const WALLET_ORIGIN = 'https://wallet.example.org';

interface Holder {
  jwk: JWK;
  privateKey: CryptoKey;
  alg: string;
}

async function holder(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<Holder> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
  return { jwk: await exportJWK(publicKey), privateKey, alg };
}

function proof(key: Holder, claims: Record<string, unknown>, headerJwk: unknown = key.jwk, alg = key.alg): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'openid4vci-proof+jwt', jwk: headerJwk as JWK }).setIssuedAt().sign(key.privateKey);
}

async function credentials(ctx: DatabaseContext, token: string | undefined, body: unknown) {
  return request('POST', `${ctx.server.publicUrl}/credentials`, body, token === undefined ? {} : { authorization: `Bearer ${token}` });
}

function assertInvalidRequest(response: { status: number; body: any }, hint: string): void {
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(response.body.error, 'invalid_request');
  assert.ok(String(response.body.error_description).includes(hint), `${response.body.error_description} should say ${hint}`);
}

describeOnEachDatabase('verifiable credentials (POST /credentials)', { env: ENV }, (ctx) => {
  before(async () => {
    for (const [client, scope] of [[wallet, SCOPE], [plain, 'openid offline']] as const) {
      await createClient(ctx.server, {
        client_id: client.id, client_secret: client.secret, grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'], scope, redirect_uris: [REDIRECT], allowed_cors_origins: client === wallet ? [WALLET_ORIGIN] : [],
      });
    }
  });

  const walletTokens = () => codeFlowTokens(ctx.server, ctx.as, wallet, SCOPE, { id_token: { email: 'foo@bar.com', sub: 'forged', id: 'forged' } });

  it('publishes the endpoint and the credential it issues in discovery, as Hydra', async () => {
    const doc = (await request('GET', `${ctx.server.publicUrl}/.well-known/openid-configuration`)).body;
    assert.equal(doc.credentials_endpoint_draft_00, new URL('credentials', ctx.server.publicUrl + '/').toString());
    assert.deepEqual(doc.credentials_supported_draft_00, [{
      format: 'jwt_vc_json',
      types: ['VerifiableCredential', 'UserInfoCredential'],
      cryptographic_binding_methods_supported: ['jwk'],
      cryptographic_suites_supported: ['PS256', 'RS256', 'ES256', 'PS384', 'RS384', 'ES384', 'PS512', 'RS512', 'ES512', 'EdDSA'],
    }]);
  });

  it('gives a c_nonce with the openid and userinfo_credential_draft_00 scopes, on refresh too, and none without', async () => {
    const tokens = await walletTokens();
    assert.equal(typeof tokens.c_nonce_draft_00, 'string');
    assert.equal(tokens.c_nonce_expires_in_draft_00, 600, 'ttl.vc_nonce');
    const refreshed = await refreshRaw(ctx.server, wallet, tokens.refresh_token!);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.equal(typeof refreshed.body.c_nonce_draft_00, 'string');
    const other = await codeFlowTokens(ctx.server, ctx.as, plain, 'openid offline');
    assert.equal('c_nonce_draft_00' in other, false);
  });

  it("issues a credential for the token's nonce, signed with the ID token keys, naming the holder's key and the user", async () => {
    const tokens = await walletTokens();
    for (const key of [await holder('ES256'), await holder('EdDSA')]) {
      const response = await credentials(ctx, tokens.access_token, {
        format: 'jwt_vc_json', types: ['VerifiableCredential', 'UserInfoCredential'],
        proof: { proof_type: 'jwt', jwt: await proof(key, { nonce: tokens.c_nonce_draft_00, aud: ctx.as.issuer }) },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.format, 'jwt_vc_json');
      const jwks = createRemoteJWKSet(new URL(ctx.as.jwks_uri!));
      const { payload, protectedHeader } = await jwtVerify(response.body.credential_draft_00, jwks, { issuer: ctx.as.issuer });
      assert.ok(protectedHeader.kid);
      // did:jwk: the holder's public key as base64url JSON (members in go-jose's order, as Hydra writes them).
      const did = String(payload.sub);
      assert.match(did, /^did:jwk:[A-Za-z0-9_-]+$/);
      assert.equal((payload.exp as number) - (payload.iat as number), 3600);
      assert.equal(payload.nbf, payload.iat);
      assert.equal(typeof payload.jti, 'string');
      const vc = payload.vc as Record<string, any>;
      assert.deepEqual(vc['@context'], ['https://www.w3.org/2018/credentials/v1']);
      assert.deepEqual(vc.type, ['VerifiableCredential', 'UserInfoCredential']);
      assert.equal(vc.credentialSubject.id, did, 'the consent cannot replace the holder');
      assert.equal(vc.credentialSubject.sub, 'foo@bar.com', 'nor the user');
      assert.equal(vc.credentialSubject.email, 'foo@bar.com');
      assert.equal(typeof vc.credentialSubject.sid, 'string');
      // The key of the did decodes back to the holder's public key.
      const decoded = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString());
      assert.deepEqual(decoded, key.jwk);
    }
  });

  it('primes a wallet without a proof: 400 missing_proof with a fresh nonce that then works', async () => {
    const tokens = await walletTokens();
    const primed = await credentials(ctx, tokens.access_token, { format: 'jwt_vc_json' });
    assert.equal(primed.status, 400);
    assert.equal(primed.body.error, 'missing_proof');
    assert.equal(primed.body.error_description, 'Could not issue a verifiable credential because the proof is missing in the request.');
    assert.equal(primed.body.format, 'jwt_vc');
    assert.equal(primed.body.c_nonce_expires_in, 600);
    const key = await holder();
    const issued = await credentials(ctx, tokens.access_token, { format: 'jwt_vc_json', proof: { proof_type: 'jwt', jwt: await proof(key, { nonce: primed.body.c_nonce }) } });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
  });

  it("lets a wallet in a browser call it: any origin may preflight, the bearer token's client decides the actual request", async () => {
    const tokens = await walletTokens();
    const check = await request('OPTIONS', `${ctx.server.publicUrl}/credentials`, undefined, {
      origin: WALLET_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type',
    });
    assert.equal(check.status, 204);
    assert.equal(check.headers.get('access-control-allow-origin'), WALLET_ORIGIN);
    const body = { format: 'jwt_vc_json' };
    const headers = { authorization: `Bearer ${tokens.access_token}` };
    const allowed = await request('POST', `${ctx.server.publicUrl}/credentials`, body, { ...headers, origin: WALLET_ORIGIN });
    assert.equal(allowed.body.error, 'missing_proof');
    assert.equal(allowed.headers.get('access-control-allow-origin'), WALLET_ORIGIN);
    const other = await request('POST', `${ctx.server.publicUrl}/credentials`, body, { ...headers, origin: 'https://elsewhere.example.org' });
    assert.equal(other.body.error, 'missing_proof');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('refuses a missing, unknown or revoked access token with 401', async () => {
    const missing = await credentials(ctx, undefined, { format: 'jwt_vc_json' });
    assert.equal(missing.status, 401);
    const unknown = await credentials(ctx, 'ory_at_not-a-token.nope', { format: 'jwt_vc_json' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error, 'invalid_token');
    const tokens = await walletTokens();
    assert.equal(await revoke(ctx.server, wallet, tokens.access_token), 200);
    const revoked = await credentials(ctx, tokens.access_token, { format: 'jwt_vc_json' });
    assert.equal(revoked.status, 401);
    // A refresh token is not an access token.
    const refresh = await credentials(ctx, (await walletTokens()).refresh_token, { format: 'jwt_vc_json' });
    assert.equal(refresh.status, 401);
  });

  it('refuses a token not granted openid and userinfo_credential_draft_00 with 403 insufficient_scope (Tessera; Hydra issues for any token)', async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, plain, 'openid offline');
    const refused = await credentials(ctx, tokens.access_token, { format: 'jwt_vc_json' });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error, 'insufficient_scope');
  });

  it("refuses bad requests and bad proofs with invalid_request and Hydra's hints", async () => {
    const tokens = await walletTokens();
    const key = await holder();
    const nonce = tokens.c_nonce_draft_00 as string;
    const send = (body: unknown) => credentials(ctx, tokens.access_token, body);
    assertInvalidRequest(await send({ format: 'ldp_vc' }), 'The format "ldp_vc" is not supported.');
    assertInvalidRequest(await send({ format: 42 }), 'Unable to decode request body.');
    assertInvalidRequest(await send([1, 2]), 'Unable to decode request body.');
    assertInvalidRequest(await send({ format: 'jwt_vc_json', proof: { proof_type: 'cwt', jwt: 'x' } }), 'The proof type "cwt" is not supported.');
    const jwtProof = (jwt: string) => send({ format: 'jwt_vc_json', proof: { proof_type: 'jwt', jwt } });
    assertInvalidRequest(await jwtProof('no-dots-here'), 'The JWT in the proof is malformed.');
    assertInvalidRequest(await jwtProof('!!!.e30.sig'), 'The JWT header in the proof is malformed.');
    // Signed by one key, naming another.
    const other = await holder();
    assertInvalidRequest(await jwtProof(await proof(key, { nonce }, other.jwk)), 'The JWT was not signed with the correct key supplied in the JWK header.');
    // A private key in the header, or none at all, is not a holder binding.
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    assertInvalidRequest(await jwtProof(await proof(key, { nonce }, await exportJWK(privateKey))), 'The JWK in the JWT header is malformed.');
    assertInvalidRequest(await jwtProof(await proof(key, { nonce }, null)), 'The JWK in the JWT header is malformed.');
    // HMAC: a shared secret proves nothing about a holder.
    const secret = new TextEncoder().encode('a-shared-secret-of-enough-length!');
    const hmac = await new SignJWT({ nonce }).setProtectedHeader({ alg: 'HS256', jwk: { kty: 'EC', crv: 'P-256', x: key.jwk.x!, y: key.jwk.y! } }).sign(secret);
    assertInvalidRequest(await jwtProof(hmac), 'The JWT was not signed with the correct key supplied in the JWK header.');
    assertInvalidRequest(await jwtProof(await proof(key, {})), 'The JWT did not contain the "nonce" claim.');
    assertInvalidRequest(await jwtProof(await proof(key, { nonce: 'made-up' })), 'The nonce is invalid.');
    // A nonce given for another access token.
    const elsewhere = (await walletTokens()).c_nonce_draft_00 as string;
    assertInvalidRequest(await jwtProof(await proof(key, { nonce: elsewhere })), 'The nonce is invalid.');
    // Expired proofs are refused like any JWT whose exp has passed.
    const stale = await new SignJWT({ nonce }).setProtectedHeader({ alg: 'ES256', jwk: key.jwk }).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key.privateKey);
    assertInvalidRequest(await jwtProof(stale), 'The JWT was not signed with the correct key supplied in the JWK header.');
  });

  it('refuses a nonce once ttl.vc_nonce has passed, while the access token is still active', async () => {
    const tokens = await walletTokens();
    const key = await holder();
    ctx.clock.offsetMs = 11 * 60_000;
    try {
      const response = await credentials(ctx, tokens.access_token, { format: 'jwt_vc_json', proof: { proof_type: 'jwt', jwt: await proof(key, { nonce: tokens.c_nonce_draft_00 }) } });
      assertInvalidRequest(response, 'The nonce has expired.');
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it('answers the token endpoint with the c_nonce for a confidential client authenticating with client_secret_basic', async () => {
    // The token response members sit beside RFC 6749 §5.1's, so a plain form POST sees them too.
    const tokens = await walletTokens();
    const refreshed = await request('POST', `${ctx.server.publicUrl}/oauth2/token`, `grant_type=refresh_token&refresh_token=${encodeURIComponent(tokens.refresh_token!)}`, basic(wallet.id, wallet.secret));
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.c_nonce_expires_in_draft_00, 600);
  });
});
