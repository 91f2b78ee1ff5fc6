/**
 * The session stored with a token: the claims it carries and how it was issued. Sealed with
 * AES-256-GCM under secrets.system when oauth2.session.encrypt_at_rest is on (Hydra's default),
 * plain JSON otherwise; reading accepts both, so the setting can change on a live database.
 *
 * A session that carries nothing (no `ext` claims, no ID token: a client-credentials token
 * without a hook's claims, the bulk of machine-to-machine traffic) is stored as a marker naming
 * only its strategy: there is nothing to keep secret, so nothing is sealed on issuance and nothing
 * opened on introspection (issue 14: AEAD sealing was 6% of a client-credentials request).
 */
import type { Aead } from '../../crypto/aead.js';
import { OpenedSessions } from './opened-sessions.js';

/** What an ID token and /userinfo say about the user (consent `session.id_token` and the login). */
export interface IdTokenSession {
  /** The sub of ID tokens and userinfo when it is not the token's subject (OIDC Core §8.1 pairwise). */
  subject?: string;
  claims: Record<string, unknown>;
  authTime: number;
  acr: string;
  amr: string[];
  sid: string;
  requestedAt?: number;
}

export interface TokenSession {
  ext: Record<string, unknown>;
  strategy: 'opaque' | 'jwt';
  /** Present for tokens a user granted (code and refresh grants), read by /userinfo. */
  idToken?: IdTokenSession;
}

const SEALED_PREFIX = 'aead:';
/**
 * The marker is the session's own plain JSON, always the same text per strategy: a reader that
 * does not know it (an older instance during a rolling upgrade) still parses it as a session.
 */
const EMPTY: Record<TokenSession['strategy'], string> = {
  opaque: JSON.stringify({ ext: {}, strategy: 'opaque' } satisfies TokenSession),
  jwt: JSON.stringify({ ext: {}, strategy: 'jwt' } satisfies TokenSession),
};
const EMPTY_MARKERS = new Map<string, TokenSession['strategy']>([
  [EMPTY.opaque, 'opaque'],
  [EMPTY.jwt, 'jwt'],
]);

export function sealSession(aead: Aead, encrypt: boolean, session: TokenSession): string {
  if (!session.idToken && isEmptyObject(session.ext)) return EMPTY[session.strategy];
  const json = JSON.stringify(session);
  return encrypt ? `${SEALED_PREFIX}${aead.seal(json, 'token-session')}` : json;
}

export function openSession(aead: Aead, stored: string): TokenSession {
  const empty = EMPTY_MARKERS.get(stored);
  if (empty) return { ext: {}, strategy: empty };
  const json = stored.startsWith(SEALED_PREFIX) ? OpenedSessions.of(aead).open(stored, () => aead.openText(stored.slice(SEALED_PREFIX.length), 'token-session')) : stored;
  return JSON.parse(json) as TokenSession;
}

function isEmptyObject(value: Record<string, unknown>): boolean {
  for (const _ in value) return false;
  return true;
}
