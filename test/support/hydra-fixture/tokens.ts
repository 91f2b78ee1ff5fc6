/**
 * Hydra's token tables and rows for the import tests, written as Hydra writes them
 * (persistence/sql/persister_oauth2.go), with node:crypto alone (never Tessera's code):
 * - tokens the fosite way (token/hmac/hmacsha.go, strategy_hmacsha_prefixed.go):
 *   `ory_<at|rt|ac>_` base64url(32 random bytes) "." base64url(HMAC-SHA-512/256(SHA-256(secret),
 *   the raw bytes)), no padding;
 * - hydra_oauth2_access keyed by hex SHA-384 of the signature (x.SignatureHash), refresh and code
 *   rows by the raw signature, the refresh row's access_token_signature hashed;
 * - scope, granted_scope and the audiences pipe-delimited, form_data url-encoded, times UTC;
 * - session_data: the JSON of Hydra's oauth2.Session (field order and zero values as Go's
 *   encoding/json writes them), sealed like the keys (aead/aesgcm.go) when
 *   oauth2.session.encrypt_at_rest is on (Hydra's default; the user's pair here), plain JSON when
 *   it is off (the client-credentials tokens here).
 * The rows: a live access/refresh pair of an authorization-code grant by alice to the confidential
 * "hydra-app-client" (added here, with a PBKDF2 secret), two client-credentials access tokens of
 * the PBKDF2 client (one keyed by its raw signature, as rows older than x.SignatureHash are), an
 * expired access token, an authorization code still in flight (with its PKCE and OIDC rows) and a used one, a second grant of alice's that
 * Hydra refreshed once (its rotated refresh token and the new pair), a revoked refresh token, and
 * a JWT access token signed by the fixture's access-token key.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, importJWK, type JWK } from 'jose';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../src/persistence/dsn.js';
import { hydraSeal } from './fixture.js';
import { hydraUtc, insertHydraClient } from './hydra-client-row.js';
import { HYDRA_V26_TOKEN_SCHEMA } from './tokens-schema.js';

export interface FositeToken {
  token: string;
  signature: string;
}

export interface HydraTokens {
  app: { id: string; secret: string };
  subject: string;
  scope: string[];
  audience: string[];
  /** The consent's session.access_token: introspection's `ext`. */
  ext: Record<string, unknown>;
  /** The consent's session.id_token. */
  idTokenClaims: Record<string, unknown>;
  access: FositeToken;
  refresh: FositeToken;
  /** client_credentials, of the PBKDF2 client: keyed by the hash; and one keyed by the raw signature. */
  clientCredentials: FositeToken;
  clientCredentialsRawKey: FositeToken;
  expired: FositeToken;
  /** An authorization code in flight, with S256 PKCE and a nonce. */
  code: FositeToken & { verifier: string; nonce: string; redirectUri: string };
  /** One already exchanged. */
  usedCode: FositeToken;
  /** A second grant of alice's, refreshed once at Hydra: its rotated refresh token and the current pair. */
  rotated: { old: FositeToken; refresh: FositeToken; access: FositeToken };
  /** A refresh token Hydra revoked (inactive, never used). */
  revokedRefresh: FositeToken;
  /** A JWT access token of the bcrypt client (access_token_strategy jwt), signed by Hydra's access-token key under HYDRA_ISSUER. */
  jwt: string;
}

/** The issuer Hydra ran under in this fixture (urls.self.issuer): Tessera is started with the same. */
export const HYDRA_ISSUER = 'https://auth.example.com';

const APP_CLIENT = 'hydra-app-client';
const JWT_CLIENT = 'hydra-bcrypt-client';
const CC_CLIENT = 'hydra-pbkdf2-client';
const MINUTE = 60_000;

/** fosite's HMAC strategy with Hydra's prefix. */
export function fositeToken(kind: 'at' | 'rt' | 'ac', systemSecret: string): FositeToken {
  const key = createHash('sha256').update(systemSecret, 'utf8').digest();
  const random = randomBytes(32);
  const signature = createHmac('sha512-256', key).update(random).digest('base64url');
  return { token: `ory_${kind}_${random.toString('base64url')}.${signature}`, signature };
}

/** x.SignatureHash. */
export const signatureHash = (signature: string): string => createHash('sha384').update(signature, 'utf8').digest('hex');

const utc = hydraUtc;
/** Go's time.Time in JSON: RFC 3339 with nanoseconds; the zero time for unset ones. */
const goTime = (ms: number | undefined) => (ms === undefined ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString());

export interface SessionInput {
  subject: string;
  clientId: string;
  ext: Record<string, unknown>;
  expiresAt: Record<string, number>;
  idToken?: { claims: Record<string, unknown>; authTime: number; requestedAt: number; acr: string; amr: string[]; issuer: string };
}

/** oauth2.Session as encoding/json writes it (oauth2/session.go, openid.DefaultSession, jwt.IDTokenClaims). */
export function hydraSession(input: SessionInput): string {
  const id = input.idToken;
  return JSON.stringify({
    id_token: {
      id_token_claims: {
        jti: '',
        iss: id?.issuer ?? '',
        sub: id ? input.subject : '',
        aud: id ? [input.clientId] : null,
        nonce: '',
        exp: goTime(undefined),
        iat: goTime(id?.requestedAt),
        rat: goTime(id?.requestedAt),
        auth_time: goTime(id?.authTime),
        at_hash: '',
        acr: id?.acr ?? '',
        amr: id?.amr ?? null,
        c_hash: '',
        ext: id?.claims ?? null,
      },
      headers: { extra: {} },
      expires_at: Object.fromEntries(Object.entries(input.expiresAt).map(([type, ms]) => [type, goTime(ms)])),
      subject: input.subject,
    },
    extra: input.ext,
    kid: '',
    client_id: input.clientId,
    consent_challenge: id ? randomUUID().replace(/-/g, '') : '',
    exclude_not_before_claim: false,
    allowed_top_level_claims: [],
    mirror_top_level_claims: false,
    preserve_ext_claims: false,
  });
}

interface TokenRow {
  table: 'hydra_oauth2_access' | 'hydra_oauth2_refresh' | 'hydra_oauth2_code' | 'hydra_oauth2_pkce' | 'hydra_oauth2_oidc';
  signature: string;
  requestId: string;
  clientId: string;
  subject: string;
  scope: string[];
  audience: string[];
  form: Record<string, string>;
  session: string;
  requestedAt: number;
  expiresAt: number;
  accessTokenSignature?: string;
  /** Refresh rows: rotated (inactive, first_used_at set) or revoked (inactive, never used). */
  active?: boolean;
  firstUsedAt?: number;
  usedTimes?: number;
}

async function insertToken(db: Kysely<unknown>, nid: string, row: TokenRow): Promise<void> {
  const pipe = (list: string[]) => list.join('|');
  const form = new URLSearchParams(row.form).toString();
  if (row.table === 'hydra_oauth2_refresh') {
    await sql`INSERT INTO hydra_oauth2_refresh (signature, request_id, requested_at, client_id, scope, granted_scope, form_data, session_data,
        subject, active, requested_audience, granted_audience, challenge_id, nid, expires_at, first_used_at, access_token_signature, used_times)
      VALUES (${row.signature}, ${row.requestId}, ${utc(row.requestedAt)}, ${row.clientId}, ${pipe(row.scope)}, ${pipe(row.scope)}, ${form},
        ${row.session}, ${row.subject}, ${row.active === false ? 0 : 1}, ${pipe(row.audience)}, ${pipe(row.audience)}, ${null}, ${nid},
        ${utc(row.expiresAt)}, ${row.firstUsedAt === undefined ? null : utc(row.firstUsedAt)}, ${row.accessTokenSignature ?? null},
        ${row.usedTimes ?? null})`.execute(db);
    return;
  }
  await sql`INSERT INTO ${sql.table(row.table)} (signature, request_id, requested_at, client_id, scope, granted_scope, form_data, session_data,
      subject, active, requested_audience, granted_audience, challenge_id, nid, expires_at)
    VALUES (${row.signature}, ${row.requestId}, ${utc(row.requestedAt)}, ${row.clientId}, ${pipe(row.scope)}, ${pipe(row.scope)}, ${form},
      ${row.session}, ${row.subject}, ${row.active === false ? 0 : 1}, ${pipe(row.audience)}, ${pipe(row.audience)}, ${null}, ${nid}, ${utc(row.expiresAt)})`.execute(
    db,
  );
}

/** Creates Hydra's token tables and writes the rows described above; `now` in epoch ms. */
export async function writeHydraTokens(
  db: Kysely<unknown>,
  dialect: Dialect,
  nid: string,
  systemSecret: string,
  accessTokenKey: { kid: string; jwk: JWK },
): Promise<HydraTokens> {
  for (const statement of HYDRA_V26_TOKEN_SCHEMA[dialect]) await sql.raw(statement).execute(db);
  const now = Math.floor(Date.now() / 1000) * 1000;
  const app = { id: APP_CLIENT, secret: `app-${randomBytes(8).toString('hex')}` };
  await insertHydraClient(db, nid, {
    id: APP_CLIENT,
    pk: 100,
    name: 'App client',
    secret: app.secret,
    redirectUris: ['https://app.example.com/callback'],
    grantTypes: ['authorization_code', 'refresh_token'],
    scope: 'openid offline_access profile',
    audience: ['https://api.example.com'],
    createdAt: now - 86_400_000,
  });

  const subject = 'alice@example.com';
  const scope = ['openid', 'offline_access', 'profile'];
  const audience = ['https://api.example.com'];
  const ext = { tenant: 'acme', roles: ['admin', 'billing'] };
  const idTokenClaims = { email: 'alice@example.com', email_verified: true };
  const requestedAt = now - 5 * MINUTE;
  const userSession = (expiresAt: Record<string, number>) =>
    hydraSeal(
      hydraSession({
        subject,
        clientId: APP_CLIENT,
        ext,
        expiresAt,
        idToken: {
          claims: { ...idTokenClaims, sid: randomUUID() },
          authTime: now - 6 * MINUTE,
          requestedAt,
          acr: '0',
          amr: ['pwd'],
          issuer: 'http://127.0.0.1:4444',
        },
      }),
      systemSecret,
    );
  const requestId = randomUUID();
  const access = fositeToken('at', systemSecret);
  const refresh = fositeToken('rt', systemSecret);
  const lifespans = { access_token: now + 55 * MINUTE, refresh_token: now + 30 * 24 * 60 * MINUTE, authorize_code: now + 5 * MINUTE };
  const form = { grant_type: 'authorization_code', redirect_uri: 'https://app.example.com/callback' };
  const user = { requestId, clientId: APP_CLIENT, subject, scope, audience, form, requestedAt };
  await insertToken(db, nid, {
    ...user,
    table: 'hydra_oauth2_access',
    signature: signatureHash(access.signature),
    session: userSession(lifespans),
    expiresAt: lifespans.access_token,
  });
  await insertToken(db, nid, {
    ...user,
    table: 'hydra_oauth2_refresh',
    signature: refresh.signature,
    session: userSession(lifespans),
    expiresAt: lifespans.refresh_token,
    accessTokenSignature: signatureHash(access.signature),
  });

  const expired = fositeToken('at', systemSecret);
  const expiredAt = now - 60 * MINUTE;
  await insertToken(db, nid, {
    ...user,
    requestId: randomUUID(),
    table: 'hydra_oauth2_access',
    signature: signatureHash(expired.signature),
    session: userSession({ access_token: expiredAt }),
    requestedAt: expiredAt - 60 * MINUTE,
    expiresAt: expiredAt,
  });

  // A code in flight, stored as fosite stores it: each of three rows gets the authorize request
  // sanitized to what it needs (fosite request.go Sanitize keeps grant_type, response_type, scope
  // and client_id): hydra_oauth2_code keeps redirect_uri (fositex GetSanitationWhiteList), keyed
  // by the code's signature; hydra_oauth2_pkce the challenge and method, same key;
  // hydra_oauth2_oidc the nonce (oidcParameters), keyed by the whole code (flow_explicit_auth.go
  // passes resp.GetCode()). And a code already exchanged (inactive).
  const codeExpiry = now + 9 * MINUTE;
  const verifier = randomBytes(32).toString('base64url');
  const code = {
    ...fositeToken('ac', systemSecret),
    verifier,
    nonce: `n-${randomBytes(8).toString('hex')}`,
    redirectUri: 'https://app.example.com/callback',
  };
  const base = { response_type: 'code', client_id: APP_CLIENT, scope: scope.join(' ') };
  const codeRow = {
    ...user,
    requestId: randomUUID(),
    session: userSession({ authorize_code: codeExpiry }),
    requestedAt: now - MINUTE,
    expiresAt: codeExpiry,
  };
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  await insertToken(db, nid, {
    ...codeRow,
    table: 'hydra_oauth2_code',
    signature: code.signature,
    form: { ...base, redirect_uri: code.redirectUri },
  });
  await insertToken(db, nid, {
    ...codeRow,
    table: 'hydra_oauth2_pkce',
    signature: code.signature,
    form: { ...base, code_challenge: challenge, code_challenge_method: 'S256' },
  });
  await insertToken(db, nid, { ...codeRow, table: 'hydra_oauth2_oidc', signature: code.token, form: { ...base, nonce: code.nonce } });
  const usedCode = fositeToken('ac', systemSecret);
  await insertToken(db, nid, {
    ...codeRow,
    requestId: randomUUID(),
    table: 'hydra_oauth2_code',
    signature: usedCode.signature,
    form: { ...base, redirect_uri: code.redirectUri },
    active: false,
  });

  // A grant refreshed once at Hydra (graceful rotation off): the old refresh row inactive with
  // first_used_at, used_times 1 and an expiry 30 minutes on (persister_oauth2.go newUsedExpiry);
  // its access token deleted (strictRefreshRotation); the new pair live.
  const rotatedGrant = { ...user, requestId: randomUUID() };
  const old = fositeToken('rt', systemSecret);
  const oldAccess = fositeToken('at', systemSecret);
  await insertToken(db, nid, {
    ...rotatedGrant,
    table: 'hydra_oauth2_refresh',
    signature: old.signature,
    session: userSession(lifespans),
    expiresAt: now + 28 * MINUTE,
    accessTokenSignature: signatureHash(oldAccess.signature),
    active: false,
    firstUsedAt: now - 2 * MINUTE,
    usedTimes: 1,
  });
  const rotated = { old, refresh: fositeToken('rt', systemSecret), access: fositeToken('at', systemSecret) };
  await insertToken(db, nid, {
    ...rotatedGrant,
    table: 'hydra_oauth2_access',
    signature: signatureHash(rotated.access.signature),
    session: userSession(lifespans),
    expiresAt: lifespans.access_token,
  });
  await insertToken(db, nid, {
    ...rotatedGrant,
    table: 'hydra_oauth2_refresh',
    signature: rotated.refresh.signature,
    session: userSession(lifespans),
    expiresAt: lifespans.refresh_token,
    accessTokenSignature: signatureHash(rotated.access.signature),
  });
  const revokedRefresh = fositeToken('rt', systemSecret);
  await insertToken(db, nid, {
    ...user,
    requestId: randomUUID(),
    table: 'hydra_oauth2_refresh',
    signature: revokedRefresh.signature,
    session: userSession(lifespans),
    expiresAt: lifespans.refresh_token,
    active: false,
  });

  // Client credentials: the subject is the client, no ID token claims; encrypt_at_rest off.
  const ccExpiry = now + 25 * MINUTE;
  const ccSession = hydraSession({ subject: CC_CLIENT, clientId: CC_CLIENT, ext: {}, expiresAt: { access_token: ccExpiry } });
  const cc = {
    clientId: CC_CLIENT,
    subject: CC_CLIENT,
    scope: ['read'],
    audience,
    form: { grant_type: 'client_credentials', scope: 'read' },
  };
  const clientCredentials = fositeToken('at', systemSecret);
  const clientCredentialsRawKey = fositeToken('at', systemSecret);
  for (const key of [signatureHash(clientCredentials.signature), clientCredentialsRawKey.signature]) {
    await insertToken(db, nid, {
      ...cc,
      table: 'hydra_oauth2_access',
      requestId: randomUUID(),
      signature: key,
      session: ccSession,
      requestedAt: now - 5 * MINUTE,
      expiresAt: ccExpiry,
    });
  }
  // A JWT access token (fosite DefaultJWTStrategy with Hydra's Session.GetJWTClaims): the row is
  // keyed by x.SignatureHash of the JWT's signature part, and the session names the signing kid.
  const jwtExpiry = now + 20 * MINUTE;
  const jwt = await new SignJWT({ client_id: JWT_CLIENT, scp: ['read'], ext: { plan: 'gold' } })
    .setProtectedHeader({ alg: 'RS256', kid: accessTokenKey.kid, typ: 'JWT' })
    .setIssuer(HYDRA_ISSUER)
    .setSubject(JWT_CLIENT)
    .setAudience([])
    .setJti(randomUUID())
    .setIssuedAt(Math.floor((now - MINUTE) / 1000))
    .setNotBefore(Math.floor((now - MINUTE) / 1000))
    .setExpirationTime(Math.floor(jwtExpiry / 1000))
    .sign(await importJWK(accessTokenKey.jwk, 'RS256'));
  const jwtSession = JSON.parse(
    hydraSession({ subject: JWT_CLIENT, clientId: JWT_CLIENT, ext: { plan: 'gold' }, expiresAt: { access_token: jwtExpiry } }),
  ) as Record<string, unknown>;
  jwtSession.kid = accessTokenKey.kid;
  await insertToken(db, nid, {
    table: 'hydra_oauth2_access',
    requestId: randomUUID(),
    clientId: JWT_CLIENT,
    subject: JWT_CLIENT,
    scope: ['read'],
    audience: [],
    form: { grant_type: 'client_credentials' },
    signature: signatureHash(jwt.slice(jwt.lastIndexOf('.') + 1)),
    session: hydraSeal(JSON.stringify(jwtSession), systemSecret),
    requestedAt: now - MINUTE,
    expiresAt: jwtExpiry,
  });

  return {
    jwt,
    app,
    subject,
    scope,
    audience,
    ext,
    idTokenClaims,
    access,
    refresh,
    clientCredentials,
    clientCredentialsRawKey,
    expired,
    code,
    usedCode,
    rotated,
    revokedRefresh,
  };
}
