/**
 * The RFC 7523 §2.1 JWT-bearer grant at /oauth2/token, end to end on each database: a trust
 * relationship is created through the admin API, the test signs assertions with jose as the
 * trusted issuer would, and real HTTP token requests are made with client authentication. Every
 * check of fosite's rfc7523 handler is exercised, each in its own test, with the error code and
 * hint it answers; then the oauth2.grant.jwt.* settings, on a second server.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT, base64url, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { createClient } from '../support/create-client.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase, type DatabaseContext } from '../support/on-each-database.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ISSUER = 'https://idp.example.com';
const ANY_ISSUER = 'https://any.example.com';
const EXPIRED_ISSUER = 'https://expired.example.com';
const HOUR = 3_600_000;

interface Signer {
  kid: string;
  alg: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
}

async function signer(kid: string, alg: 'RS256' | 'ES256'): Promise<Signer & { publicJwk: Record<string, unknown> }> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

async function trust(ctx: DatabaseContext, body: Record<string, unknown>): Promise<void> {
  const response = await request('POST', `${ctx.server.adminUrl}/admin/trust/grants/jwt-bearer/issuers`, body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
}

function basic(id: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
}

async function token(ctx: DatabaseContext, params: Record<string, string>, auth = basic('jwt-client', 'jwt-secret')) {
  const body = new URLSearchParams({ grant_type: GRANT, ...params }).toString();
  return request('POST', ctx.as.token_endpoint!, body, { 'content-type': 'application/x-www-form-urlencoded', ...auth });
}

async function introspect(ctx: DatabaseContext, accessToken: string) {
  const response = await request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, `token=${encodeURIComponent(accessToken)}`, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  assert.equal(response.status, 200);
  return response.body;
}

/** Sets up the clients and trust relationships every suite below uses, and signs assertions for them. */
function fixture(ctx: DatabaseContext) {
  const keys: { idp?: Awaited<ReturnType<typeof signer>>; any?: Awaited<ReturnType<typeof signer>>; stranger?: Awaited<ReturnType<typeof signer>> } = {};
  before(async () => {
    keys.idp = await signer('idp-key', 'RS256');
    keys.any = await signer('any-key', 'ES256');
    keys.stranger = await signer('idp-key', 'RS256');
    await createClient(ctx.server, {
      client_id: 'jwt-client',
      client_secret: 'jwt-secret',
      grant_types: [GRANT],
      scope: 'read write admin offline_access openid',
      audience: ['https://api.example.com'],
    });
    await createClient(ctx.server, { client_id: 'cc-only', client_secret: 'cc-secret', grant_types: ['client_credentials'], scope: 'read' });
    const inAYear = new Date(Date.now() + 365 * 24 * HOUR).toISOString();
    await trust(ctx, { issuer: ISSUER, subject: 'alice', scope: ['read', 'write', 'offline_access', 'openid', 'not-the-clients'], jwk: keys.idp.publicJwk, expires_at: inAYear });
    await trust(ctx, { issuer: ANY_ISSUER, allow_any_subject: true, scope: ['read'], jwk: keys.any.publicJwk, expires_at: inAYear });
    await trust(ctx, { issuer: EXPIRED_ISSUER, subject: 'alice', scope: ['read'], jwk: keys.idp.publicJwk, expires_at: new Date(Date.now() - 60_000).toISOString() });
  });

  /** A signed assertion: by default from ISSUER about alice, for the token endpoint, good for 5 minutes. */
  async function assertion(claims: JWTPayload = {}, options: { key?: Signer; kid?: string | null; omit?: string[] } = {}): Promise<string> {
    const key = options.key ?? keys.idp!;
    const now = seconds(Date.now());
    const payload: JWTPayload = { iss: ISSUER, sub: 'alice', aud: ctx.as.token_endpoint!, iat: now, exp: now + 300, jti: randomUUID(), ...claims };
    for (const name of options.omit ?? []) delete payload[name];
    const kid = options.kid === null ? undefined : (options.kid ?? key.kid);
    return new SignJWT(payload).setProtectedHeader({ alg: key.alg, ...(kid ? { kid } : {}) }).sign(key.privateKey);
  }

  return { keys, assertion };
}

async function refused(ctx: DatabaseContext, params: Record<string, string>, error: string, hint?: RegExp | string, auth?: Record<string, string>) {
  const response = await token(ctx, params, auth);
  assert.equal(response.body?.error, error, JSON.stringify(response.body));
  assert.equal(response.status, error === 'invalid_client' ? 401 : 400);
  assert.equal(response.body.access_token, undefined);
  if (typeof hint === 'string') assert.equal(response.body.error_hint, hint);
  else if (hint) assert.match(response.body.error_hint, hint);
  return response.body;
}

describeOnEachDatabase('JWT-bearer grant (RFC 7523)', {}, (ctx) => {
  const { keys, assertion } = fixture(ctx);

  it('is advertised in discovery', () => {
    assert.ok(ctx.as.grant_types_supported?.includes(GRANT));
  });

  it('issues an access token for the assertion\'s subject, which introspects with its sub, scope and client', async () => {
    const response = await token(ctx, { assertion: await assertion(), scope: 'read write' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.body.token_type, 'bearer');
    assert.equal(response.body.scope, 'read write');
    assert.ok(response.body.expires_in > 3590 && response.body.expires_in <= 3600);
    assert.equal(response.body.refresh_token, undefined);
    assert.equal(response.body.id_token, undefined);
    const claims = await introspect(ctx, response.body.access_token);
    assert.equal(claims.active, true);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.client_id, 'jwt-client');
    assert.equal(claims.scope, 'read write');
    assert.deepEqual(claims.aud, [], 'the assertion\'s audience is this server, not the token\'s (omit_assertion_audience)');
    assert.equal(claims.token_use, 'access_token');
  });

  it('gives neither a refresh token nor an ID token, even for offline_access and openid', async () => {
    const response = await token(ctx, { assertion: await assertion(), scope: 'offline_access openid' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.refresh_token, undefined);
    assert.equal(response.body.id_token, undefined);
  });

  it('grants an audience the client registered, and refuses one it did not', async () => {
    const response = await token(ctx, { assertion: await assertion(), scope: 'read', audience: 'https://api.example.com' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual((await introspect(ctx, response.body.access_token)).aud, ['https://api.example.com']);
    await refused(ctx, { assertion: await assertion(), audience: 'https://elsewhere.example.com' }, 'invalid_request', /has not been whitelisted/);
  });

  it('accepts any subject of an issuer trusted for any subject', async () => {
    const response = await token(ctx, { assertion: await assertion({ iss: ANY_ISSUER, sub: 'bob' }, { key: keys.any }), scope: 'read' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal((await introspect(ctx, response.body.access_token)).sub, 'bob');
  });

  it('finds the key without a kid by trying the issuer\'s keys', async () => {
    const response = await token(ctx, { assertion: await assertion({}, { kid: null }), scope: 'read' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  });

  it('refuses a replayed jti with jti_known', async () => {
    const signed = await assertion();
    assert.equal((await token(ctx, { assertion: signed })).status, 200);
    await refused(ctx, { assertion: signed }, 'jti_known');
    // The jti is spent, not the assertion: another assertion with the same jti is a replay too.
    const jti = randomUUID();
    assert.equal((await token(ctx, { assertion: await assertion({ jti }) })).status, 200);
    await refused(ctx, { assertion: await assertion({ jti }) }, 'jti_known');
  });

  it('lets exactly one of concurrent uses of one assertion through', async () => {
    const signed = await assertion();
    const responses = await Promise.all(Array.from({ length: 4 }, () => token(ctx, { assertion: signed })));
    assert.deepEqual(responses.map((r) => r.status).sort(), [200, 400, 400, 400]);
    assert.ok(responses.filter((r) => r.status === 400).every((r) => r.body.error === 'jti_known'));
  });

  it('refuses an assertion without jti', async () => {
    await refused(ctx, { assertion: await assertion({}, { omit: ['jti'] }) }, 'invalid_grant', 'The JWT in "assertion" request parameter MUST contain an "jti" (JWT ID) claim.');
  });

  it('refuses an assertion without iat', async () => {
    await refused(ctx, { assertion: await assertion({}, { omit: ['iat'] }) }, 'invalid_grant', 'The JWT in "assertion" request parameter MUST contain an "iat" (issued at) claim.');
  });

  it('refuses an assertion for another audience, or without one', async () => {
    const body = await refused(ctx, { assertion: await assertion({ aud: 'https://other-server.example.com/oauth2/token' }) }, 'invalid_grant', /MUST contain an "aud" \(audience\) claim containing a value/);
    assert.ok(body.error_hint.includes(ctx.as.token_endpoint!), 'the hint names the token endpoint');
    await refused(ctx, { assertion: await assertion({}, { omit: ['aud'] }) }, 'invalid_grant', 'The JWT in "assertion" request parameter MUST contain an "aud" (audience) claim.');
    const listed = await token(ctx, { assertion: await assertion({ aud: ['https://other.example.com', ctx.as.token_endpoint!] }) });
    assert.equal(listed.status, 200, 'an aud list naming the token endpoint is accepted');
  });

  it('refuses an expired assertion, and one without exp', async () => {
    const now = seconds(Date.now());
    await refused(ctx, { assertion: await assertion({ iat: now - 600, exp: now - 60 }) }, 'invalid_grant', 'The JWT in "assertion" request parameter expired.');
    await refused(ctx, { assertion: await assertion({}, { omit: ['exp'] }) }, 'invalid_grant', 'The JWT in "assertion" request parameter MUST contain an "exp" (expiration time) claim.');
  });

  it('refuses an exp beyond max_ttl (720h by default) after iat', async () => {
    const now = seconds(Date.now());
    await refused(ctx, { assertion: await assertion({ iat: now, exp: now + 721 * 3600 }) }, 'invalid_grant', /claim with value ".*" that is unreasonably far in the future, considering token issued at ".*"/);
    // A future iat does not stretch the window: it is measured from now then.
    await refused(ctx, { assertion: await assertion({ iat: now + 700 * 3600, exp: now + 721 * 3600 }) }, 'invalid_grant', /unreasonably far in the future/);
    assert.equal((await token(ctx, { assertion: await assertion({ iat: now, exp: now + 719 * 3600 }) })).status, 200);
  });

  it('refuses an assertion whose nbf is in the future', async () => {
    const now = seconds(Date.now());
    await refused(ctx, { assertion: await assertion({ nbf: now + 600 }) }, 'invalid_grant', /contains an "nbf" \(not before\) claim, that identifies the time '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z' before which/);
    assert.equal((await token(ctx, { assertion: await assertion({ nbf: now - 10 }) })).status, 200);
  });

  it('refuses a subject the issuer is not trusted for', async () => {
    await refused(ctx, { assertion: await assertion({ sub: 'mallory' }) }, 'invalid_grant', `No public JWK was registered for issuer "${ISSUER}" and subject "mallory", and public key is required to check signature of JWT in "assertion" request parameter.`);
  });

  it('refuses an issuer nobody trusts', async () => {
    await refused(ctx, { assertion: await assertion({ iss: 'https://unknown.example.com' }) }, 'invalid_grant', /^No public JWK was registered for issuer "https:\/\/unknown\.example\.com"/);
  });

  it('refuses a scope the trust relationship does not grant, and one the client was not registered for', async () => {
    await refused(ctx, { assertion: await assertion(), scope: 'read admin' }, 'invalid_scope', `The public key registered for issuer "${ISSUER}" and subject "alice" is not allowed to request scope "admin".`);
    await refused(ctx, { assertion: await assertion(), scope: 'not-the-clients' }, 'invalid_scope', "The OAuth 2.0 Client is not allowed to request scope 'not-the-clients'.");
  });

  it('refuses an issuer whose trust relationship expired', async () => {
    await refused(ctx, { assertion: await assertion({ iss: EXPIRED_ISSUER }) }, 'invalid_grant', /^No public JWK was registered for issuer "https:\/\/expired\.example\.com"/);
  });

  it('refuses a signature by another key under the trusted kid, and an unknown kid', async () => {
    await refused(ctx, { assertion: await assertion({}, { key: keys.stranger }) }, 'invalid_grant', "Unable to verify the integrity of the 'assertion' value.");
    await refused(ctx, { assertion: await assertion({}, { kid: 'other-kid' }) }, 'invalid_grant', /^No public JWK was registered/);
    await refused(ctx, { assertion: await assertion({}, { key: keys.stranger, kid: null }) }, 'invalid_grant', /^No public JWK was registered/);
  });

  it('refuses an unsigned assertion (alg none) naming the trusted kid', async () => {
    const now = seconds(Date.now());
    const header = base64url.encode(JSON.stringify({ alg: 'none', kid: 'idp-key' }));
    const payload = base64url.encode(JSON.stringify({ iss: ISSUER, sub: 'alice', aud: ctx.as.token_endpoint, iat: now, exp: now + 300, jti: randomUUID() }));
    await refused(ctx, { assertion: `${header}.${payload}.` }, 'invalid_grant', "Unable to verify the integrity of the 'assertion' value.");
  });

  it('refuses what is no JWT, and a JWT without iss or sub', async () => {
    await refused(ctx, { assertion: 'not-a-jwt' }, 'invalid_grant', 'Unable to parse JSON Web Token passed in "assertion" request parameter.');
    await refused(ctx, { assertion: await assertion({}, { omit: ['iss'] }) }, 'invalid_grant', 'The JWT in "assertion" request parameter MUST contain an "iss" (issuer) claim.');
    await refused(ctx, { assertion: await assertion({}, { omit: ['sub'] }) }, 'invalid_grant', 'The JWT in "assertion" request parameter MUST contain a "sub" (subject) claim.');
    await refused(ctx, {}, 'invalid_request', `The assertion request parameter must be set when using grant_type of '${GRANT}'.`);
  });

  it('refuses a client not registered for the grant, and an unauthenticated one', async () => {
    await refused(ctx, { assertion: await assertion() }, 'unauthorized_client', `The OAuth 2.0 Client is not allowed to use authorization grant "${GRANT}".`, basic('cc-only', 'cc-secret'));
    await refused(ctx, { assertion: await assertion() }, 'invalid_client', undefined, basic('jwt-client', 'wrong-secret'));
    // No credentials at all: RFC 6749 §5.2 names invalid_client, fosite invalid_request; either way no token.
    const anonymous = await token(ctx, { assertion: await assertion() }, {});
    assert.ok(['invalid_client', 'invalid_request'].includes(anonymous.body?.error), JSON.stringify(anonymous.body));
    assert.equal(anonymous.body.access_token, undefined);
  });

  it('gives the access token the client\'s jwt_bearer_grant_access_token_lifespan', async () => {
    await createClient(ctx.server, { client_id: 'short-lived', client_secret: 'short-secret', grant_types: [GRANT], scope: 'read' });
    const set = await request('PUT', `${ctx.server.adminUrl}/admin/clients/short-lived/lifespans`, { jwt_bearer_grant_access_token_lifespan: '10m' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const response = await token(ctx, { assertion: await assertion(), scope: 'read' }, basic('short-lived', 'short-secret'));
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.ok(response.body.expires_in > 590 && response.body.expires_in <= 600, String(response.body.expires_in));
    assert.equal((await introspect(ctx, response.body.access_token)).client_id, 'short-lived');
  });
});

describeOnEachDatabase(
  'JWT-bearer grant with oauth2.grant.jwt settings',
  {
    env: {
      OAUTH2_GRANT_JWT_JTI_OPTIONAL: 'true',
      OAUTH2_GRANT_JWT_IAT_OPTIONAL: 'true',
      OAUTH2_GRANT_JWT_MAX_TTL: '10m',
      OAUTH2_GRANT_JWT_OMIT_ASSERTION_AUDIENCE: 'false',
    },
  },
  (ctx) => {
    const { assertion } = fixture(ctx);

    it('accepts an assertion without jti (jti_optional), more than once', async () => {
      const signed = await assertion({}, { omit: ['jti'] });
      assert.equal((await token(ctx, { assertion: signed })).status, 200);
      assert.equal((await token(ctx, { assertion: signed })).status, 200);
    });

    it('still refuses a replayed jti when one is given', async () => {
      const signed = await assertion();
      assert.equal((await token(ctx, { assertion: signed })).status, 200);
      await refused(ctx, { assertion: signed }, 'jti_known');
    });

    it('accepts an assertion without iat (iat_optional), measuring max_ttl from now', async () => {
      const now = seconds(Date.now());
      assert.equal((await token(ctx, { assertion: await assertion({ exp: now + 300 }, { omit: ['iat'] }) })).status, 200);
      await refused(ctx, { assertion: await assertion({ exp: now + 11 * 60 }, { omit: ['iat'] }) }, 'invalid_grant', /unreasonably far in the future/);
    });

    it('applies max_ttl: 10m', async () => {
      const now = seconds(Date.now());
      await refused(ctx, { assertion: await assertion({ iat: now, exp: now + 11 * 60 }) }, 'invalid_grant', /unreasonably far in the future/);
      assert.equal((await token(ctx, { assertion: await assertion({ iat: now, exp: now + 9 * 60 }) })).status, 200);
    });

    it('copies the assertion\'s audience into the access token (omit_assertion_audience: false)', async () => {
      const response = await token(ctx, { assertion: await assertion(), scope: 'read', audience: 'https://api.example.com' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual((await introspect(ctx, response.body.access_token)).aud, ['https://api.example.com', ctx.as.token_endpoint]);
    });
  },
);
