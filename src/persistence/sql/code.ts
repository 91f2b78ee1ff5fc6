/**
 * CodeStore on hydra_oauth2_code. Consumption is one conditional UPDATE (active 1 → 0): of two
 * concurrent redemptions the second waits on the row lock (PostgreSQL, InnoDB) or the single
 * writer (SQLite) and then matches nothing. A replay sets active to -1.
 */
import type { Aead } from '../../crypto/aead.js';
import type { CodeRecord, CodeSession, CodeStore } from '../../oauth2/code/code-store.js';
import { sql } from 'kysely';
import type { AccessTokenRow, CodeRow, Executor } from '../tables.js';
import type { AccessTokenRecord } from '../../oauth2/tokens/access-token-store.js';
import { toRow } from './access-token.js';

export class SqlCodeStore implements CodeStore {
  constructor(
    private readonly database: Executor,
    private readonly aead: Aead,
  ) {}

  private get db() {
    return this.database.db;
  }

  async create(key: string, record: CodeRecord): Promise<void> {
    await this.db.insertInto('hydra_oauth2_code').values(this.rowOf(key, record)).execute();
  }

  /** The row a new code is stored as, its session sealed (for a flow step that stores it with itself: flow.ts). */
  rowOf(key: string, record: CodeRecord): CodeRow {
    return {
      signature: key,
      request_id: record.requestId,
      client_id: record.clientId,
      requested_at: record.requestedAt,
      expires_at: record.expiresAt,
      active: 1,
      session_data: this.aead.seal(JSON.stringify(record.session), `code:${key}`),
    };
  }

  async get(key: string): Promise<CodeRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_code').selectAll().where('signature', '=', key).executeTakeFirst();
    if (!row) return undefined;
    return {
      requestId: row.request_id,
      clientId: row.client_id,
      requestedAt: Number(row.requested_at),
      expiresAt: Number(row.expires_at),
      active: Number(row.active) === 1,
      replayed: Number(row.active) === -1,
      session: JSON.parse(this.aead.openText(row.session_data, `code:${key}`)) as CodeSession,
    };
  }

  async consume(key: string): Promise<boolean> {
    const consumed = await this.db
      .updateTable('hydra_oauth2_code')
      .set({ active: 0 })
      .where('signature', '=', key)
      .where('active', '=', 1)
      .executeTakeFirst();
    return Number(consumed.numUpdatedRows) === 1;
  }

  /**
   * PostgreSQL: the code used up and the access token it issued stored in one statement, instead
   * of BEGIN, UPDATE, INSERT, COMMIT (code-redemption.ts). The token row is inserted only if the
   * compare-and-set used the code (unused -> used), so a replay or a lost race stores nothing and
   * answers false; a refused insert undoes the consumption (one statement is atomic). The row goes
   * as one JSON parameter that json_populate_record types as the table's own row type: no cast
   * per column. A concurrent redemption waits on the code's row lock as with the transaction.
   */
  async consumeWithAccessToken(key: string, access: AccessTokenRecord): Promise<boolean> {
    const row = toRow(access);
    const columns = Object.keys(row) as (keyof AccessTokenRow)[];
    const inserted = await this.db
      .with('used', (db) => db.updateTable('hydra_oauth2_code').set({ active: 0 }).where('signature', '=', key).where('active', '=', 1).returning('signature'))
      .insertInto('hydra_oauth2_access')
      .columns(columns)
      .expression(
        sql`SELECT ${sql.join(columns.map((column) => sql.ref(`r.${column}`)))} FROM json_populate_record(NULL::hydra_oauth2_access, ${JSON.stringify(row)}::json) AS r WHERE EXISTS (SELECT 1 FROM used)`,
      )
      .returning('signature')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async markReplayed(key: string): Promise<void> {
    await this.db.updateTable('hydra_oauth2_code').set({ active: -1 }).where('signature', '=', key).execute();
  }
}
