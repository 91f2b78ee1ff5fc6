/**
 * Logout at the identity provider (Hydra consent/strategy_default.go deleteSession): a login
 * accepted with `identity_provider_session_id` and remembered keeps that id with its session
 * (hydra_oauth2_login_session_idp). When the session ends, by logout (RP- or OP-initiated) or by
 * the admin's DELETE /admin/oauth2/auth/sessions/login?sid= (Hydra's HandleHeadlessLogout), the id
 * is taken, once, and Ory Kratos is asked to disable that session (kratos-admin.ts), when
 * urls.identity_provider.url is set. As in Hydra, the call runs in the background: the logout
 * neither waits for it nor fails with it, and a failure is logged at error level (the sid and the
 * reason; never the configured headers, nor the Kratos session id, which Hydra logs). Revoking a subject's sessions forgets their ids without calling
 * Kratos, as Hydra's RevokeSubjectLoginSession deletes its sessions and tells nobody.
 */
import { failureReason } from '../http/outbound/outbound-errors.js';
import type { KratosAdmin } from './kratos-admin.js';

/**
 * The contract (SQL: persistence/sql/login-session-idp.ts): `take` answers the id kept for `sid`
 * and removes it, to exactly one of concurrent callers (the others get undefined);
 * `forgetSubject` removes every row of the subject.
 */
export interface IdentityProviderSessionStore {
  take(sid: string): Promise<string | undefined>;
  forgetSubject(subject: string): Promise<void>;
}

export interface IdentityProviderLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export class IdentityProviderLogout {
  /** Calls still under way: the logout does not wait for them; close and tests may. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: IdentityProviderSessionStore,
    /** Absent when urls.identity_provider.url is unset: ids are then forgotten, as Hydra skips the call. */
    private readonly kratos: KratosAdmin | undefined,
    private readonly log: IdentityProviderLog,
  ) {}

  /** The login session `sid` ended: its identity provider session, if one was kept, is disabled in the background. */
  async sessionEnded(sid: string): Promise<void> {
    const id = await this.store.take(sid);
    if (!id || !this.kratos) return;
    const kratos = this.kratos;
    const call = kratos
      .disableSession(id)
      .then(
        () => this.log.info({ sid }, 'Identity provider session disabled in Ory Kratos'),
        // Hydra logs this at error level: a session the user meant to end is still alive in Kratos.
        (error: unknown) => this.log.error({ sid, reason: failureReason(error) }, 'Unable to revoke session in Ory Kratos.'),
      )
      .finally(() => this.pending.delete(call));
    this.pending.add(call);
  }

  async subjectRevoked(subject: string): Promise<void> {
    await this.store.forgetSubject(subject);
  }

  /** Resolves when every call started so far has ended. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
