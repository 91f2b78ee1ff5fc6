/** ForcedSubjectStore on hydra_oauth2_obfuscated_authentication_session (migration 20261208001000). */
import type { ForcedSubject, ForcedSubjectStore } from '../../session/forced-subjects.js';
import type { Executor } from '../tables.js';

const TABLE = 'hydra_oauth2_obfuscated_authentication_session';

export class SqlForcedSubjects implements ForcedSubjectStore {
  constructor(private readonly database: Executor) {}

  /** Hydra's CreateForcedObfuscatedLoginSession: the user's row at the client replaced, in one transaction. */
  async remember({ subject, clientId, obfuscated }: ForcedSubject): Promise<void> {
    const work = async (db: Executor['db']) => {
      await db.deleteFrom(TABLE).where('subject', '=', subject).where('client_id', '=', clientId).execute();
      await db.insertInto(TABLE).values({ subject, client_id: clientId, subject_obfuscated: obfuscated }).execute();
    };
    const db = this.database.db;
    await (db.isTransaction ? work(db) : db.transaction().execute(work));
  }

  async find(clientId: string, subject: string): Promise<string | undefined> {
    const row = await this.database.db
      .selectFrom(TABLE)
      .select('subject_obfuscated')
      .where('subject', '=', subject)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row?.subject_obfuscated;
  }
}
