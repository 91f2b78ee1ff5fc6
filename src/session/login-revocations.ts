/**
 * Revoked login sessions (Hydra's DELETE /admin/oauth2/auth/sessions/login?subject=|sid=). The
 * remembered login is a sealed cookie (login-session-cookie.ts) that the server cannot reach, so
 * a revocation is recorded instead: by sid, or by subject and time. A remembered login that a
 * revocation covers is treated as absent, and the next login of that subject is not skipped
 * (OIDC Core §3.1.2.3: the OP decides whether the End-User is still authenticated).
 */
import { errors } from '../core/errors.js';
import type { RememberedLogin } from '../flow/login-session-cookie.js';

/**
 * The contract (SQL: persistence/sql/login-revocation.ts): a recorded revocation is never
 * removed while it can still cover a cookie (the janitor keeps it ttl.authentication_session).
 * `covers` answers whether any revocation names `sid`, or names `subject` at or after `issuedAt`.
 */
export interface LoginRevocationStore {
  record(revocation: { subject: string | null; sid: string | null; revokedAt: number }): Promise<void>;
  covers(sid: string, subject: string, issuedAt: number): Promise<boolean>;
}

export class LoginRevocations {
  constructor(
    private readonly store: LoginRevocationStore,
    private readonly now: () => number,
    /**
     * Revoking by sid is Hydra's headless logout: it runs back-channel logout and disables the
     * identity provider's session (HandleHeadlessLogout, deleteSession).
     */
    private readonly onSidRevoked?: (sid: string) => Promise<unknown>,
    /** Revoking by subject notifies nobody (Hydra's RevokeSubjectLoginSession), but forgets what the sessions kept. */
    private readonly onSubjectRevoked?: (subject: string) => Promise<unknown>,
  ) {}

  /** Hydra takes exactly one of subject and sid. */
  async revoke(subject: string | undefined, sid: string | undefined): Promise<void> {
    if (!subject === !sid) throw errors.invalidRequest.withHint("Exactly one of the query parameters 'subject' and 'sid' must be set.");
    await this.store.record({ subject: subject ?? null, sid: sid ?? null, revokedAt: this.now() });
    if (sid) await this.onSidRevoked?.(sid);
    if (subject) await this.onSubjectRevoked?.(subject);
  }

  /** Whether a revocation covers this remembered login (one set before its subject's revocation). */
  covers(login: RememberedLogin): Promise<boolean> {
    return this.store.covers(login.sid, login.subject, login.issuedAt ?? login.authTime * 1000);
  }
}
