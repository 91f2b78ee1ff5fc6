/**
 * Hydra's rows as Tessera's: the facts of each column as Hydra writes it (client/client.go,
 * x/sqlx.go, jwk/manager.go, persister_grant_jwk.go), into the model Tessera stores.
 * - Client secrets are PBKDF2 or bcrypt hashes that Tessera verifies as they are (secret-hasher.ts):
 *   copied verbatim, never re-hashed (nobody knows the secrets).
 * - Lists are JSON arrays; jwks and metadata JSON text; lifespans nanoseconds (NULL: unset),
 *   which Tessera keeps as Go duration strings ("30m0s").
 * - Keys are sealed by Hydra with AES-256-GCM under SHA-256 of secrets.system and no additional
 *   data, in every release since v2.0.0 (jwk/aead.go through v2.1.x, aead/aesgcm.go since v2.2.0;
 *   XChaCha20-Poly1305 seals only flow challenges, never a stored row); Tessera seals the same way but binds each key to its set and kid, so
 *   every key is opened and sealed again (crypto/aead.ts opens Hydra's padded base64url as it is).
 */
import type { Aead } from '../../crypto/aead.js';
import { LIFESPAN_FIELDS, type Client, type ClientJwks } from '../../client/client.js';
import { formatGoDuration } from '../../client/lifespan.js';
import type { Jwk } from '../../jwk/jwk.js';
import type { TrustedIssuer } from '../../oauth2/trust/trusted-issuer.js';
import type { HydraRow } from './reader.js';

export class Unimportable extends Error {}

/**
 * A row the import leaves behind on purpose, not a failure: an expired, used or revoked token
 * (nothing live to carry over) or an authorization code in flight. Counted per reason; the
 * import still succeeds.
 */
export class LeftBehind extends Error {}

/**
 * A row that by its nature does not come along (a login or consent in flight: the user retries
 * it): reported with its reason like any other, but it does not make the run fail.
 */
export class NotCarried extends Unimportable {}

export interface MappedClient {
  client: Client;
  secretHash: string | null;
  rotatedSecretHashes: string[];
}

export const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
export const bool = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't' || value === 'true';

export function json(value: unknown, column: string): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value; // PostgreSQL's jsonb arrives parsed
  try {
    return JSON.parse(value);
  } catch {
    throw new Unimportable(`${column} is not JSON`);
  }
}

export function list(value: unknown, column: string): string[] {
  const parsed = json(value, column) ?? [];
  if (!Array.isArray(parsed)) throw new Unimportable(`${column} is not a JSON list`);
  return parsed.map(String);
}

/** Hydra's UTC timestamps as epoch milliseconds, whole seconds as Tessera keeps them. */
export function utcMs(value: unknown, column: string): number {
  if (value instanceof Date) return Math.floor(value.getTime() / 1000) * 1000;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?/.exec(text(value));
  if (!match) throw new Unimportable(`${column} is not a time: ${text(value)}`);
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3] && match[3] !== 'Z' ? match[3] : 'Z'}`);
  if (Number.isNaN(ms)) throw new Unimportable(`${column} is not a time: ${text(value)}`);
  return ms;
}

export function mapClient(row: HydraRow): MappedClient {
  const client: Client = {
    client_id: text(row.id),
    client_name: text(row.client_name),
    redirect_uris: list(row.redirect_uris, 'redirect_uris'),
    grant_types: list(row.grant_types, 'grant_types'),
    response_types: list(row.response_types, 'response_types'),
    scope: text(row.scope),
    audience: list(row.audience, 'audience'),
    owner: text(row.owner),
    policy_uri: text(row.policy_uri),
    tos_uri: text(row.tos_uri),
    client_uri: text(row.client_uri),
    logo_uri: text(row.logo_uri),
    contacts: list(row.contacts, 'contacts'),
    allowed_cors_origins: list(row.allowed_cors_origins, 'allowed_cors_origins'),
    subject_type: text(row.subject_type),
    sector_identifier_uri: text(row.sector_identifier_uri),
    jwks_uri: text(row.jwks_uri),
    token_endpoint_auth_method: text(row.token_endpoint_auth_method),
    token_endpoint_auth_signing_alg: text(row.token_endpoint_auth_signing_alg),
    request_uris: list(row.request_uris, 'request_uris'),
    request_object_signing_alg: text(row.request_object_signing_alg),
    userinfo_signed_response_alg: text(row.userinfo_signed_response_alg),
    post_logout_redirect_uris: list(row.post_logout_redirect_uris, 'post_logout_redirect_uris'),
    frontchannel_logout_uri: text(row.frontchannel_logout_uri),
    frontchannel_logout_session_required: bool(row.frontchannel_logout_session_required),
    backchannel_logout_uri: text(row.backchannel_logout_uri),
    backchannel_logout_session_required: bool(row.backchannel_logout_session_required),
    metadata: json(row.metadata, 'metadata') ?? {},
    skip_consent: bool(row.skip_consent),
    created_at: utcMs(row.created_at, 'created_at'),
    updated_at: utcMs(row.updated_at, 'updated_at'),
  };
  const jwks = json(row.jwks, 'jwks') as Partial<ClientJwks> | undefined;
  if (jwks && Array.isArray(jwks.keys) && jwks.keys.length > 0) client.jwks = { keys: jwks.keys };
  const strategy = text(row.access_token_strategy);
  if (strategy === 'jwt' || strategy === 'opaque') client.access_token_strategy = strategy;
  if (row.skip_logout_consent !== null && row.skip_logout_consent !== undefined) client.skip_logout_consent = bool(row.skip_logout_consent);
  for (const field of LIFESPAN_FIELDS) {
    const value = row[field];
    if (value !== null && value !== undefined) client[field] = formatGoDuration(BigInt(String(value)));
  }
  const secret = text(row.client_secret);
  return {
    client,
    secretHash: secret === '' ? null : secret,
    rotatedSecretHashes: 'rotated_secrets' in row ? list(row.rotated_secrets, 'rotated_secrets').filter(Boolean) : [],
  };
}

/** Opens a hydra_jwk row's keydata with the secrets Tessera is given (Hydra binds no additional data). */
export function openKey(row: HydraRow, aead: Aead): Jwk {
  let plain: string;
  try {
    plain = aead.openText(text(row.keydata));
  } catch {
    throw new Unimportable('its key data does not open with any entry of secrets.system (sealed under another secret)');
  }
  let jwk: Jwk;
  try {
    jwk = JSON.parse(plain) as Jwk;
  } catch {
    throw new Unimportable('its key data is not a JSON Web Key');
  }
  if (!jwk || typeof jwk !== 'object' || typeof jwk.kty !== 'string') throw new Unimportable('its key data is not a JSON Web Key');
  if (!jwk.kid) jwk.kid = text(row.kid);
  return jwk;
}

/** A trust relationship, with the public key Hydra keeps in hydra_jwk (set = key_set, kid = key_id). */
export function mapTrust(row: HydraRow, jwk: Jwk): TrustedIssuer {
  const allowAny = bool(row.allow_any_subject);
  return {
    id: text(row.id),
    issuer: text(row.issuer),
    subject: allowAny ? '' : text(row.subject),
    allowAnySubject: allowAny,
    scope: text(row.scope).split('|').filter(Boolean),
    jwk,
    createdAt: utcMs(row.created_at, 'created_at'),
    expiresAt: utcMs(row.expires_at, 'expires_at'),
  };
}
