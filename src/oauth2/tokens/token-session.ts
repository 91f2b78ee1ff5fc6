/**
 * The session stored with a token: the claims it carries and how it was issued. Sealed with
 * AES-256-GCM under secrets.system when oauth2.session.encrypt_at_rest is on (Hydra's default),
 * plain JSON otherwise; reading accepts both, so the setting can change on a live database.
 */
import type { Aead } from '../../crypto/aead.js';

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

export function sealSession(aead: Aead, encrypt: boolean, session: TokenSession): string {
  const json = JSON.stringify(session);
  return encrypt ? `${SEALED_PREFIX}${aead.seal(json, 'token-session')}` : json;
}

export function openSession(aead: Aead, stored: string): TokenSession {
  const json = stored.startsWith(SEALED_PREFIX) ? aead.openText(stored.slice(SEALED_PREFIX.length), 'token-session') : stored;
  return JSON.parse(json) as TokenSession;
}
