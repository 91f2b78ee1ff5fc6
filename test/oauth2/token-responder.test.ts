/**
 * The one issuance path (review P2): the token responder chooses the access-token strategy and
 * every lifespan, computes expires_in and maps the grant's session to ID-token claims, and
 * returns what it minted without storing anything. Real token formats and real signatures; only
 * the clock and the refresh-token minter are stand-ins.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { Aead } from '../../src/crypto/aead.js';
import { HmacTokenStrategy } from '../../src/crypto/hmac-token.js';
import { IdTokenIssuer, halfHash } from '../../src/oauth2/tokens/id-token.js';
import { JwtSigner } from '../../src/jwk/jwt-signer.js';
import { ACCESS_TOKEN_SET, ID_TOKEN_SET, type SigningKey } from '../../src/jwk/key-sets.js';
import { AccessTokenIssuer } from '../../src/oauth2/tokens/access-token-issuer.js';
import { TokenResponder, type Issuance } from '../../src/oauth2/tokens/token-responder.js';
import type { RefreshGrant } from '../../src/oauth2/refresh/refresh-tokens.js';
import type { RefreshRecord } from '../../src/oauth2/refresh/refresh-token-store.js';

const ISSUER = 'https://auth.example.com/';
const NOW = 1_800_000_000_000;

async function responder(defaultStrategy: 'opaque' | 'jwt' = 'opaque') {
  const { privateKey } = await generateKeyPair('ES256');
  const asked: string[] = [];
  const signer = new JwtSigner({
    signingKey: async (set: string): Promise<SigningKey> => {
      asked.push(set);
      return { kid: `${set}-kid`, alg: 'ES256', key: privateKey };
    },
  });
  const now = () => NOW;
  const secrets = ['a-system-secret-of-32-characters'];
  const accessTokens = new AccessTokenIssuer({
    hmac: new HmacTokenStrategy(secrets),
    signer,
    aead: new Aead(secrets),
    options: { issuer: ISSUER, scopeClaim: 'list', accessTokenProfile: 'hydra', claimShaping: { allowedTopLevelClaims: [], mirrorTopLevelClaims: true, preserveExtClaims: false }, excludeNotBefore: false, encryptAtRest: false, now },
  });
  const refreshGrants: RefreshGrant[] = [];
  const refreshTokens = {
    mint(grant: RefreshGrant): { token: string; record: RefreshRecord } {
      refreshGrants.push(grant);
      const record: RefreshRecord = {
        key: 'rt-key', requestId: grant.requestId, clientId: grant.clientId, subject: grant.subject, grantedScope: grant.scope,
        grantedAudience: grant.audience, requestedAt: NOW, expiresAt: null, active: true, revoked: false, firstUsedAt: null,
        usedTimes: 0, accessTokenKey: grant.accessTokenKey, session: grant.session,
      };
      return { token: 'ory_rt_minted', record };
    },
  };
  const idTokens = new IdTokenIssuer(signer, { issuer: ISSUER, now });
  const defaults = { access_token: 3_600_000, id_token: 600_000, refresh_token: 86_400_000 };
  return { asked, refreshGrants, responder: new TokenResponder({ accessTokens, refreshTokens, idTokens, defaults, defaultStrategy, now }) };
}

const idTokenSession = { subject: 'pairwise-sub', claims: { email: 'a@example.com', iss: 'forged' }, authTime: 1_799_999_000, acr: '1', amr: ['pwd'], sid: 'sid-1', requestedAt: 1_799_999_500 };

function issuance(overrides: Partial<Issuance> = {}): Issuance {
  return {
    client: { client_id: 'app' },
    grant: 'authorization_code',
    requestId: 'req-1',
    subject: 'user-1',
    scope: ['openid', 'offline'],
    audience: ['https://api.example.com'],
    ext: { tier: 'gold' },
    idTokenSession,
    ...overrides,
  };
}

describe('token responder', () => {
  it('answers RFC 6749 §5.1 and stores nothing: the records come back to the caller', async () => {
    const { responder: r } = await responder();
    const populated = await r.populate(issuance());
    assert.deepEqual(Object.keys(populated.response), ['access_token', 'token_type', 'expires_in', 'scope']);
    assert.equal(populated.response.token_type, 'bearer');
    assert.equal(populated.response.expires_in, 3600);
    assert.equal(populated.response.scope, 'openid offline');
    assert.match(populated.response.access_token, /^ory_at_/);
    assert.equal(populated.access.record.requestId, 'req-1');
    assert.equal(populated.access.record.expiresAt, NOW + 3_600_000);
    assert.equal(populated.refresh, undefined);
  });

  it("uses the client's strategy over the default, and its lifespan for the grant", async () => {
    const { responder: r, asked } = await responder('opaque');
    const client = { client_id: 'app', access_token_strategy: 'jwt', authorization_code_grant_access_token_lifespan: '1m0s' };
    const { response } = await r.populate(issuance({ client }));
    assert.equal(response.expires_in, 60);
    assert.equal(decodeProtectedHeader(response.access_token).kid, `${ACCESS_TOKEN_SET}-kid`);
    assert.deepEqual(decodeJwt(response.access_token).ext, { tier: 'gold' });
    assert.deepEqual(asked, [ACCESS_TOKEN_SET]);
  });

  it('mints a refresh token bound to the access token, with the scope and session asked for', async () => {
    const { responder: r, refreshGrants } = await responder();
    const client = { client_id: 'app', refresh_token_grant_refresh_token_lifespan: '2h0m0s' };
    const populated = await r.populate(issuance({ client, grant: 'refresh_token', scope: ['openid'] }), {
      refresh: { scope: ['openid', 'offline'], session: { ext: {} } },
    });
    assert.equal(populated.response.refresh_token, 'ory_rt_minted');
    assert.equal(refreshGrants[0]!.accessTokenKey, populated.access.key);
    assert.deepEqual(refreshGrants[0]!.scope, ['openid', 'offline']);
    assert.equal(refreshGrants[0]!.lifespanMs, 7_200_000);
  });

  it("signs an ID token from the grant's session: client's subject, nonce, at_hash, no forged claims", async () => {
    const { responder: r } = await responder();
    const { response } = await r.populate(issuance(), { idToken: { nonce: 'n-1' } });
    assert.deepEqual(Object.keys(response).slice(-1), ['id_token']);
    const claims = decodeJwt(response.id_token!);
    assert.equal(decodeProtectedHeader(response.id_token!).kid, `${ID_TOKEN_SET}-kid`);
    assert.equal(claims.sub, 'pairwise-sub');
    assert.equal(claims.iss, ISSUER);
    assert.deepEqual(claims.aud, ['app']);
    assert.equal(claims.nonce, 'n-1');
    assert.equal(claims.email, 'a@example.com');
    assert.equal(claims.rat, 1_799_999_500);
    assert.equal(claims.exp, NOW / 1000 + 600);
    assert.equal(claims.at_hash, halfHash(response.access_token, 'ES256'));
  });

  it('gives no ID token for a grant without a user session', async () => {
    const { responder: r } = await responder();
    const { response } = await r.populate(issuance({ idTokenSession: undefined }), { idToken: {} });
    assert.equal(response.id_token, undefined);
  });

  it('never answers a negative expires_in', async () => {
    const { responder: r } = await responder();
    assert.equal(r.expiresIn(NOW - 5000), 0);
    assert.equal(r.expiresIn(NOW + 1499), 1);
  });
});
