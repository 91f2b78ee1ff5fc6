/**
 * SessionClients on hydra_oauth2_session_client. Leaving is one DELETE per (sid, client_id):
 * of two concurrent logouts of the same session, exactly one removes the row.
 */
import { isUniqueViolation } from '../unique-violation.js';
import type { SessionClient, SessionClients } from '../../logout/channel-logout/session-clients.js';
import type { Executor } from '../tables.js';

export class SqlSessionClients implements SessionClients {
  constructor(
    private readonly database: Executor,
    private readonly now: () => number,
  ) {}

  private get db() {
    return this.database.db;
  }

  async join(member: SessionClient): Promise<void> {
    try {
      await this.db
        .insertInto('hydra_oauth2_session_client')
        .values({ sid: member.sid, client_id: member.clientId, subject: member.subject, created_at: this.now() })
        .execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async list(sid: string): Promise<SessionClient[]> {
    const rows = await this.db.selectFrom('hydra_oauth2_session_client').selectAll().where('sid', '=', sid).orderBy('client_id').execute();
    return rows.map((row) => ({ sid: row.sid, clientId: row.client_id, subject: row.subject }));
  }

  async leave(member: SessionClient): Promise<boolean> {
    const result = await this.db
      .deleteFrom('hydra_oauth2_session_client')
      .where('sid', '=', member.sid)
      .where('client_id', '=', member.clientId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
