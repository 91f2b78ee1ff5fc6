/**
 * The clients of a login session (hydra_oauth2_session_client): "the RPs that the End-User is
 * logged into" that Front-Channel Logout 1.0 §4 and Back-Channel Logout 1.0 §2.5 notify when the
 * session ends. A client joins when it is issued a code in that session; it leaves when it is
 * notified. Leaving is one DELETE per (sid, client_id): of two concurrent logouts of the same
 * session, exactly one removes the row and notifies that client (Hydra's completeLogout and
 * HandleHeadlessLogout likewise notify at most once, gated by deleting the session).
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../client/unique-violation.js';
import type { Database } from '../../persistence/database.js';

export interface SessionClient {
  sid: string;
  clientId: string;
  /** The `sub` this client was given in the session's ID tokens. */
  subject: string;
}

interface SessionClientRow {
  sid: string;
  client_id: string;
  subject: string;
  created_at: number;
}

type Db = Kysely<{ hydra_oauth2_session_client: SessionClientRow }>;

export class SessionClients {
  private readonly db: Db;

  constructor(
    database: Database,
    private readonly now: () => number,
  ) {
    this.db = database.db as unknown as Db;
  }

  /** Records that `clientId` took part in session `sid`; a second flow in the same session adds nothing. */
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

  /** Removes the client from the session; true for the one caller that removed it. */
  async leave(member: SessionClient): Promise<boolean> {
    const result = await this.db
      .deleteFrom('hydra_oauth2_session_client')
      .where('sid', '=', member.sid)
      .where('client_id', '=', member.clientId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
