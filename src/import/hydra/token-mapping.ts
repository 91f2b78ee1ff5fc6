/**
 * Hydra's token rows (hydra_oauth2_access, _refresh, _code; persistence/sql/persister_oauth2.go
 * OAuth2RequestSQL) as what Tessera's token code reads:
 * - scope, granted_scope and the audiences are pipe-delimited; times UTC; `active` a boolean.
 * - session_data is the JSON of Hydra's oauth2.Session, sealed with the KeyCipher (AES-256-GCM
 *   under SHA-256 of secrets.system, no additional data, as the keys) when
 *   oauth2.session.encrypt_at_rest is on, plain JSON otherwise (toRequest: "not valid JSON: decrypt").
 * - The session: `extra` is the consent's session.access_token (introspection's `ext`); `id_token`
 *   is fosite's openid.DefaultSession: `subject`, `expires_at` per token type, and
 *   `id_token_claims` (sub: the ID token's, possibly pairwise, subject; auth_time, rat, acr, amr;
 *   `ext` the consent's session.id_token plus Hydra's `sid`); `kid` is set only for JWT access
 *   tokens. Rows written before Hydra 1.x used Go field names (Extra, idToken.Claims.AuthTime, ...);
 *   oauth2/session.go rewrites them on read, and so does this.
 * - Row keys: hydra_oauth2_access.signature is already hex SHA-384 of the token signature
 *   (x.SignatureHash, Tessera's signatureKey); older rows hold the raw signature
 *   (GetAccessTokenSession falls back). Refresh and code rows hold the raw signature, and a refresh
 *   row's access_token_signature the hashed one.
 */
import type { Aead } from '../../crypto/aead.js';
import { signatureKey } from '../../crypto/hmac-token.js';
import type { IdTokenSession, TokenSession } from '../../oauth2/tokens/token-session.js';
import { bool, LeftBehind, text, Unimportable, utcMs } from './mapping.js';
import type { HydraRow } from './reader.js';

/** The fields of Hydra's oauth2.Session that Tessera's tokens carry. */
export interface HydraTokenSession {
  ext: Record<string, unknown>;
  strategy: TokenSession['strategy'];
  idToken?: IdTokenSession;
  /** fosite's per-type expiry (access_token, refresh_token, authorize_code), epoch ms; absent: none. */
  expiresAt: Partial<Record<string, number>>;
}

export const pipeList = (value: unknown): string[] => text(value).split('|').filter(Boolean);

const HASHED_SIGNATURE = /^[0-9a-f]{96}$/;

/** Tessera's row key for a Hydra signature column: kept when already hashed (access rows), hashed otherwise. */
export function rowKey(signature: string): string {
  return HASHED_SIGNATURE.test(signature) ? signature : signatureKey(signature);
}

/** Why a token, code or device code stays behind: nothing live in it to carry over. */
export const NOT_LIVE = 'not live (expired, revoked or rotated away)';

/**
 * The row's own expiry (null: none), after its liveness is judged on the row alone: an inactive or
 * expired row is left behind before its session is opened (a Hydra database the janitor never
 * flushed holds mostly such rows).
 */
export function liveRowExpiry(row: HydraRow, activeColumn: string): number | null {
  const expiresAt = optionalUtcMs(row.expires_at, 'expires_at');
  if (!bool(row[activeColumn]) || (expiresAt !== null && expiresAt <= Date.now())) throw new LeftBehind(NOT_LIVE);
  return expiresAt;
}

/** A Hydra time column, or null for NULL and Go's zero time (sqlxx.NullTime of an unset expiry). */
export function optionalUtcMs(value: unknown, column: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = utcMs(value, column);
  return ms <= 0 ? null : ms;
}

export function openHydraSession(row: HydraRow, aead: Aead): HydraTokenSession {
  const stored = text(row.session_data);
  let json = stored;
  if (!isJson(stored)) {
    try {
      json = aead.openText(stored);
    } catch {
      throw new Unimportable('its session data does not open with any entry of secrets.system (sealed under another secret)');
    }
  }
  let session: Record<string, unknown>;
  try {
    session = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new Unimportable('its session data is not JSON');
  }
  if (!session || typeof session !== 'object') throw new Unimportable('its session data is not a session');
  return mapSession(session);
}

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

const object = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Go's time.Time in JSON (RFC 3339), epoch ms; undefined for the zero time or anything else. */
function goTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}

function mapSession(session: Record<string, unknown>): HydraTokenSession {
  // oauth2/session.go keyRewrites: the pre-1.x Go field names.
  const legacy = object(session.idToken);
  const idSession = { ...object(legacy), ...object(session.id_token) };
  const legacyClaims = object(legacy.Claims);
  const claims = { ...renameLegacyClaims(legacyClaims), ...object(idSession.id_token_claims) };
  const expiresAt: Partial<Record<string, number>> = {};
  for (const [type, value] of Object.entries(object(idSession.expires_at ?? idSession.ExpiresAt))) {
    const ms = goTime(value);
    if (ms !== undefined) expiresAt[type] = ms;
  }
  const claimExt = { ...object(claims.ext) };
  const sid = typeof claimExt.sid === 'string' ? claimExt.sid : '';
  delete claimExt.sid;
  const authTime = goTime(claims.auth_time);
  const idTokenSubject = text(claims.sub);
  const kid = text(session.kid ?? session.KID);
  return {
    ext: object(session.extra ?? session.Extra),
    strategy: kid ? 'jwt' : 'opaque',
    expiresAt,
    // Hydra fills id_token_claims for grants a user consented to; a client-credentials token has none.
    ...(authTime !== undefined || idTokenSubject
      ? {
          idToken: {
            ...(idTokenSubject ? { subject: idTokenSubject } : {}),
            claims: claimExt,
            authTime: authTime === undefined ? 0 : Math.floor(authTime / 1000),
            acr: text(claims.acr),
            amr: Array.isArray(claims.amr) ? claims.amr.map(String) : [],
            sid,
            ...(goTime(claims.rat) !== undefined ? { requestedAt: Math.floor(goTime(claims.rat)! / 1000) } : {}),
          },
        }
      : {}),
  };
}

const LEGACY_CLAIMS: Record<string, string> = {
  Subject: 'sub',
  AuthTime: 'auth_time',
  RequestedAt: 'rat',
  AuthenticationContextClassReference: 'acr',
  AuthenticationMethodsReferences: 'amr',
  Extra: 'ext',
};

function renameLegacyClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) if (LEGACY_CLAIMS[name]) out[LEGACY_CLAIMS[name]] = value;
  return out;
}
