/**
 * LogoutStore on hydra_oauth2_logout_request. As in flow.ts, a challenge or verifier is looked up
 * by its hash and a step is one conditional UPDATE on (id, state): of two uses of the same
 * secret, even concurrent, exactly one moves the row.
 */
import type { LogoutData, LogoutRecord, LogoutState, LogoutStore } from '../../logout/logout-store.js';
import type { Executor, LogoutRow } from '../tables.js';

export class SqlLogoutStore implements LogoutStore {
  constructor(private readonly database: Executor) {}

  private get db() {
    return this.database.db;
  }

  async create(record: LogoutRecord, challengeHash: string): Promise<void> {
    await this.db
      .insertInto('hydra_oauth2_logout_request')
      .values({
        id: record.id,
        challenge: challengeHash,
        verifier: null,
        state: record.state,
        requested_at: record.requestedAt,
        expires_at: record.expiresAt,
        data: JSON.stringify(record.data),
      })
      .execute();
  }

  async findBy(column: 'challenge' | 'verifier', hash: string): Promise<LogoutRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_logout_request').selectAll().where(column, '=', hash).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      state: row.state as LogoutState,
      requestedAt: Number(row.requested_at),
      expiresAt: Number(row.expires_at),
      data: JSON.parse(row.data) as LogoutData,
    };
  }

  async transition(id: string, from: LogoutState, to: LogoutState, verifierHash?: string): Promise<boolean> {
    const values: Partial<LogoutRow> = { state: to };
    if (verifierHash) values.verifier = verifierHash;
    const result = await this.db
      .updateTable('hydra_oauth2_logout_request')
      .set(values)
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
