/** ImportedLoginSessionStore on hydra_oauth2_imported_login_session (migration 20261208000910). */
import type { ImportedLoginSession, ImportedLoginSessionStore } from '../../flow/imported-login-sessions.js';
import type { Executor } from '../tables.js';

export class SqlImportedLoginSessions implements ImportedLoginSessionStore {
  constructor(private readonly database: Executor) {}

  async findRemembered(sid: string): Promise<ImportedLoginSession | undefined> {
    const row = await this.database.db
      .selectFrom('hydra_oauth2_imported_login_session')
      .selectAll()
      .where('sid', '=', sid)
      .where('remember', '=', 1)
      .executeTakeFirst();
    if (!row) return undefined;
    return { sid: row.sid, subject: row.subject, authenticatedAt: Number(row.authenticated_at), expiresAt: Number(row.expires_at) };
  }
}
