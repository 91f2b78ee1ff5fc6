/**
 * Login sessions remembered by Hydra and carried over by `tessera import hydra` (issue 13): the
 * browser still holds Hydra's cookie (hydra-session-cookie.ts), which names only the session id;
 * the subject, authentication time and expiry are in the imported row. A session counts, as in
 * Hydra's GetRememberedLoginSession, only when it was remembered, and, as Hydra's cookie and its
 * row's expires_at bound it, only until it expires. Revocations (session/login-revocations.ts)
 * apply to it as to Tessera's own sessions: by sid, or by subject at or after its login.
 */
import { readCookie } from './flow-cookies.js';
import { hydraSessionId, type SecureCookieKeys } from './hydra-session-cookie.js';
import type { RememberedLogin } from './login-session-cookie.js';

export interface ImportedLoginSession {
  sid: string;
  subject: string;
  /** Epoch ms of the authentication (Hydra's authenticated_at). */
  authenticatedAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/** SQL: persistence/sql/imported-login-session.ts. Answers remembered sessions only. */
export interface ImportedLoginSessionStore {
  findRemembered(sid: string): Promise<ImportedLoginSession | undefined>;
}

export class ImportedLoginSessions {
  constructor(
    private readonly store: ImportedLoginSessionStore,
    private readonly keys: readonly SecureCookieKeys[],
    /** Hydra's SessionCookieName: the same name as Tessera's remembered-login cookie. */
    private readonly cookieName: string,
    /**
     * ttl.authentication_session: no session outlives it, as Tessera's own cookies do not, so
     * that a revocation the janitor lets go after that long (staleLoginRevocations) covers
     * nothing that is still alive.
     */
    private readonly maxLifetimeMs: number,
  ) {}

  /** The remembered login a Hydra cookie in `header` names, unexpired at `now`; undefined for anything else. */
  async read(header: string | undefined, now: number): Promise<RememberedLogin | undefined> {
    const raw = readCookie(header, this.cookieName);
    if (!raw) return undefined;
    const sid = hydraSessionId(this.cookieName, raw, this.keys);
    if (!sid) return undefined;
    const session = await this.store.findRemembered(sid);
    if (!session) return undefined;
    const expiresAt = Math.min(session.expiresAt, session.authenticatedAt + this.maxLifetimeMs);
    if (expiresAt <= now) return undefined;
    return {
      sid,
      subject: session.subject,
      authTime: Math.floor(session.authenticatedAt / 1000),
      expiresAt,
      // Hydra set its cookie when the login was confirmed: a revocation by subject after that covers it.
      issuedAt: session.authenticatedAt,
    };
  }
}
