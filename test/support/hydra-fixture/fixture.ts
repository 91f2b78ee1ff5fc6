/**
 * A Hydra v26 database as Hydra leaves it, built from scratch for the import tests: the schema of
 * ./schema.ts and rows written the way Hydra's persister writes them, every encoding done here
 * with node:crypto and jose directly (never through Tessera's code), so that the import is
 * checked against an independent reading of Hydra:
 * - client secrets: PBKDF2 as oryx/hasherx/hasher_pbkdf2.go formats it
 *   (`$pbkdf2-sha256$i=<n>,l=32$<salt>$<key>`, standard base64 without padding, 16-byte salt,
 *   Hydra's default 25000 iterations) and bcrypt as golang.org/x/crypto/bcrypt writes it (`$2a$10$`);
 * - list columns as JSON arrays (sqlxx.StringSliceJSONFormat), jwks and metadata as JSON text,
 *   lifespans as nanoseconds (x.NullDuration), times as UTC timestamps;
 * - keys: the go-jose JSON of the key sealed by aead/aesgcm.go, AES-256-GCM under
 *   SHA-256(secrets.system[0]) with no additional data, nonce || ciphertext || tag in base64
 *   URL encoding with padding (persister_jwk.go AddKey);
 * - a trust relationship whose public key Hydra keeps in hydra_jwk under a set named after the
 *   issuer, its scopes pipe-delimited (sqlxx.StringSlicePipeDelimiter).
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
import bcrypt from '@node-rs/bcrypt';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../../src/persistence/database.js';
import { parseDsn } from '../../../src/persistence/dsn.js';
import { HYDRA_V26_SCHEMA, HYDRA_V26_VERSIONS } from './schema.js';
import { HYDRA_V26_TOKEN_TABLES } from './tokens-schema.js';
import { writeHydraTokens, type HydraTokens } from './tokens.js';
import { addSessionFixture } from './sessions.js';

export interface FixtureClient {
  id: string;
  secret: string;
  hash: string;
}

export interface HydraFixture {
  networkId: string;
  pbkdf2: FixtureClient;
  bcrypt: FixtureClient;
  publicClientId: string;
  /** kid of the one signing key of each set. */
  idTokenKid: string;
  accessTokenKid: string;
  trust: { id: string; issuer: string; subject: string; scope: string[]; kid: string; privateJwk: JWK };
  tokens: HydraTokens;
}

const MINUTE_NS = 60_000_000_000n;

/** Hydra's PBKDF2 hash of `secret`, computed with node:crypto alone. */
export function hydraPbkdf2(secret: string, iterations = 25_000): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(secret, salt, iterations, 32, 'sha256');
  const raw = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return `$pbkdf2-sha256$i=${iterations},l=32$${raw(salt)}$${raw(key)}`;
}

/** Go's bcrypt writes version 2a; @node-rs/bcrypt writes 2y, the same computation for a secret under 72 bytes. */
export function hydraBcrypt(secret: string): string {
  return bcrypt.hashSync(secret, 10).replace(/^\$2[by]\$/, '$2a$');
}

/** aead/aesgcm.go Encrypt: base64.URLEncoding(nonce || AES-256-GCM(SHA-256(secret)) || tag), no additional data. */
export function hydraSeal(plaintext: string, systemSecret: string): string {
  const key = createHash('sha256').update(systemSecret, 'utf8').digest();
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const text = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return text;
}

/** A key as go-jose marshals a JSONWebKey: use, kty, kid, alg, then the key's members. */
async function rsaKey(): Promise<{ kid: string; jwk: JWK }> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const { kty, n, e, d, p, q, dp, dq, qi } = await exportJWK(privateKey);
  const kid = randomUUID();
  return { kid, jwk: { use: 'sig', kty, kid, alg: 'RS256', n, e, d, p, q, dp, dq, qi } };
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export async function buildHydraFixture(dsn: string, systemSecret: string): Promise<HydraFixture> {
  const parsed = parseDsn(dsn);
  const database = openDatabase(parsed, { queryTimeoutMs: 0 });
  const db = database.db as unknown as Kysely<unknown>;
  try {
    for (const statement of HYDRA_V26_SCHEMA[parsed.dialect]) await sql.raw(statement).execute(db);
    const nid = randomUUID();
    const now = Date.now();
    await sql`INSERT INTO networks (id, created_at, updated_at) VALUES (${nid}, ${utc(now)}, ${utc(now)})`.execute(db);
    for (const version of HYDRA_V26_VERSIONS)
      await sql`INSERT INTO schema_migration (version, version_self) VALUES (${version}, 0)`.execute(db);

    const pbkdf2Secret = `pbkdf2-${randomBytes(8).toString('hex')}`;
    const bcryptSecret = `bcrypt-${randomBytes(8).toString('hex')}`;
    const pbkdf2: FixtureClient = { id: 'hydra-pbkdf2-client', secret: pbkdf2Secret, hash: hydraPbkdf2(pbkdf2Secret) };
    const bcryptClient: FixtureClient = { id: 'hydra-bcrypt-client', secret: bcryptSecret, hash: hydraBcrypt(bcryptSecret) };
    const clientKey = await rsaKey();
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...clientPublic } = clientKey.jwk;
    const created = Math.floor((now - 86_400_000) / 1000) * 1000;
    const rows = [
      {
        id: pbkdf2.id,
        client_name: 'PBKDF2 client',
        client_secret: pbkdf2.hash,
        grant_types: ['client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
        response_types: ['code'],
        scope: 'read write',
        audience: ['https://api.example.com'],
        token_endpoint_auth_method: 'client_secret_basic',
        jwks: JSON.stringify({ keys: [clientPublic] }),
        metadata: JSON.stringify({ team: 'payments', tier: 2 }),
        access_token_strategy: '',
        client_credentials_grant_access_token_lifespan: (30n * MINUTE_NS).toString(),
      },
      {
        id: bcryptClient.id,
        client_name: 'bcrypt client',
        client_secret: bcryptClient.hash,
        grant_types: ['client_credentials'],
        response_types: ['code'],
        scope: 'read',
        audience: [],
        token_endpoint_auth_method: 'client_secret_post',
        jwks: '{}',
        metadata: '{}',
        access_token_strategy: 'jwt',
        client_credentials_grant_access_token_lifespan: null,
      },
      {
        id: 'hydra-public-client',
        client_name: 'public client',
        client_secret: '',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid offline_access',
        audience: [],
        token_endpoint_auth_method: 'none',
        jwks: '{}',
        metadata: JSON.stringify({ kind: 'spa' }),
        access_token_strategy: '',
        client_credentials_grant_access_token_lifespan: null,
      },
    ];
    let pk = 0;
    // Booleans are bound as 1/0: SQLite binds no booleans, and PostgreSQL reads '1'/'0' as boolean.
    for (const row of rows) {
      pk += 1;
      const json = (list: string[]) => JSON.stringify(list);
      const redirects = row.id === 'hydra-public-client' ? ['https://app.example.com/callback'] : [];
      const refreshLifespan = row.id === 'hydra-public-client' ? (720n * 60n * MINUTE_NS).toString() : null;
      await sql`INSERT INTO hydra_client (id, nid, pk, pk_deprecated, client_name, client_secret, redirect_uris, grant_types, response_types,
          scope, audience, owner, policy_uri, tos_uri, client_uri, logo_uri, contacts, allowed_cors_origins, client_secret_expires_at,
          sector_identifier_uri, jwks, jwks_uri, request_uris, token_endpoint_auth_method, token_endpoint_auth_signing_alg,
          request_object_signing_alg, userinfo_signed_response_alg, subject_type, created_at, updated_at,
          frontchannel_logout_uri, frontchannel_logout_session_required, post_logout_redirect_uris, backchannel_logout_uri,
          backchannel_logout_session_required, metadata, registration_access_token_signature, access_token_strategy, skip_consent,
          skip_logout_consent, client_credentials_grant_access_token_lifespan, authorization_code_grant_refresh_token_lifespan)
        VALUES (${row.id}, ${nid}, ${randomUUID()}, ${pk}, ${row.client_name}, ${row.client_secret}, ${json(redirects)}, ${json(row.grant_types)},
          ${json(row.response_types)}, ${row.scope}, ${json(row.audience)}, ${'owner-' + pk}, '', '', 'https://example.com', '', ${json(['ops@example.com'])},
          ${json([])}, 0, '', ${row.jwks}, '', ${json([])}, ${row.token_endpoint_auth_method}, '', '', '', 'public',
          ${utc(created)}, ${utc(created + 1000)}, '', ${0}, ${json([])}, '', ${0}, ${row.metadata}, '', ${row.access_token_strategy},
          ${row.id === 'hydra-public-client' ? 1 : 0}, ${null}, ${row.client_credentials_grant_access_token_lifespan}, ${refreshLifespan})`.execute(
        db,
      );
    }

    const idToken = await rsaKey();
    const accessToken = await rsaKey();
    const issuerKey = await rsaKey();
    const { d, p, q, dp, dq, qi, ...issuerPublic } = issuerKey.jwk;
    void [d, p, q, dp, dq, qi];
    const issuer = 'https://issuer.example.com';
    const keys: [string, string, JWK][] = [
      ['hydra.openid.id-token', idToken.kid, idToken.jwk],
      ['hydra.jwt.access-token', accessToken.kid, accessToken.jwk],
      [issuer, issuerKey.kid, issuerPublic],
    ];
    for (const [set, kid, jwk] of keys) {
      pk += 1;
      await sql`INSERT INTO hydra_jwk (sid, kid, nid, version, keydata, created_at, pk, pk_deprecated)
        VALUES (${set}, ${kid}, ${nid}, 0, ${hydraSeal(JSON.stringify(jwk), systemSecret)}, ${utc(created)}, ${randomUUID()}, ${pk})`.execute(
        db,
      );
    }
    const trustId = randomUUID();
    const scope = ['read', 'write'];
    await sql`INSERT INTO hydra_oauth2_trusted_jwt_bearer_issuer (id, nid, issuer, subject, allow_any_subject, scope, key_set, key_id, created_at, expires_at)
      VALUES (${trustId}, ${nid}, ${issuer}, 'alice', ${0}, ${scope.join('|')}, ${issuer}, ${issuerKey.kid}, ${utc(created)},
        ${utc(now + 365 * 86_400_000)})`.execute(db);
    await addSessionFixture(db, parsed.dialect, nid, now);
    const tokens = await writeHydraTokens(db, parsed.dialect, nid, systemSecret, accessToken);
    return {
      tokens,
      networkId: nid,
      pbkdf2,
      bcrypt: bcryptClient,
      publicClientId: 'hydra-public-client',
      idTokenKid: idToken.kid,
      accessTokenKid: accessToken.kid,
      trust: { id: trustId, issuer, subject: 'alice', scope, kid: issuerKey.kid, privateJwk: issuerKey.jwk },
    };
  } finally {
    await database.close();
  }
}

/** A digest of every row of the tables the import reads, to prove the Hydra database unchanged. */
export async function hydraChecksum(dsn: string): Promise<string> {
  const database = openDatabase(parseDsn(dsn), { queryTimeoutMs: 0 });
  const db = database.db as unknown as Kysely<unknown>;
  const hash = createHash('sha256');
  try {
    for (const table of [
      'networks',
      'schema_migration',
      'hydra_client',
      'hydra_jwk',
      'hydra_oauth2_trusted_jwt_bearer_issuer',
      ...HYDRA_V26_TOKEN_TABLES,
      'hydra_oauth2_authentication_session',
      'hydra_oauth2_flow',
      'hydra_oauth2_logout_request',
    ]) {
      const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db);
      const lines = rows.map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)))).sort();
      hash.update(`${table}:${lines.join('\n')}\n`);
    }
    return hash.digest('hex');
  } finally {
    await database.close();
  }
}
