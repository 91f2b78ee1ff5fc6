/**
 * AccessTokenStore on hydra_oauth2_access. Concurrent issuances share one INSERT (BatchedWriter)
 * and concurrent lookups one SELECT (BatchedReader); on PostgreSQL both are named prepared
 * statements (access-token-statements.ts). Scoped to a transaction
 * (a unit of work, unit-of-work.ts), it writes and reads directly instead: a batch commits on its
 * own connection, outside the transaction, so a batched token could outlive a rollback.
 */
import { BatchedWriter } from '../batched-writer.js';
import { BatchedReader } from '../batched-reader.js';
import { isForeignKeyViolation } from '../foreign-key-violation.js';
import type { AccessTokenRow, Executor } from '../tables.js';
import type { AccessTokenRecord, AccessTokenStore } from '../../oauth2/tokens/access-token-store.js';
import { grantColumns, grantFields } from './grant-columns.js';
import { insertAccessTokens, selectAccessTokens } from './access-token-statements.js';

export class SqlAccessTokenStore implements AccessTokenStore {
  private readonly write: (row: AccessTokenRow) => Promise<void>;
  private readonly read: (signature: string) => Promise<AccessTokenRow | undefined>;

  constructor(private readonly database: Executor) {
    const prepared = database.db.isTransaction ? undefined : database.prepared;
    const insert = prepared
      ? (rows: AccessTokenRow[]) => insertAccessTokens(prepared, rows)
      : (rows: AccessTokenRow[]) => this.db.insertInto('hydra_oauth2_access').values(rows).execute().then(() => undefined);
    const select = async (signatures: string[]) => {
      const rows = prepared
        ? await selectAccessTokens(prepared, signatures)
        : await this.db.selectFrom('hydra_oauth2_access').selectAll().where('signature', 'in', signatures).execute();
      return new Map(rows.map((row) => [row.signature, row]));
    };
    if (database.db.isTransaction) {
      this.write = (row) => insert([row]);
      this.read = async (signature) => (await select([signature])).get(signature);
    } else {
      const writer = new BatchedWriter(insert, 256, isForeignKeyViolation);
      const reader = new BatchedReader(select);
      this.write = (row) => writer.write(row);
      this.read = (signature) => reader.read(signature);
    }
  }

  private get db() {
    return this.database.db;
  }

  create(record: AccessTokenRecord): Promise<void> {
    return this.write(toRow(record));
  }

  async get(signature: string): Promise<AccessTokenRecord | undefined> {
    const row = await this.read(signature);
    return row ? fromRow(row) : undefined;
  }

  async revoke(signature: string): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_oauth2_access')
      .set({ active: 0 })
      .where('signature', '=', signature)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 || (await this.get(signature)) !== undefined;
  }

  async revokeByRequestId(requestId: string): Promise<void> {
    await this.db.updateTable('hydra_oauth2_access').set({ active: 0 }).where('request_id', '=', requestId).execute();
  }

  async deleteByClient(clientId: string): Promise<number> {
    const result = await this.db.deleteFrom('hydra_oauth2_access').where('client_id', '=', clientId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** The row an access token is stored as (also written with a code's consumption: code.ts). */
export function toRow(record: AccessTokenRecord): AccessTokenRow {
  return {
    signature: record.signature,
    ...grantColumns(record),
    expires_at: record.expiresAt,
    active: record.active ? 1 : 0,
    session_data: record.sessionData,
  };
}

function fromRow(row: AccessTokenRow): AccessTokenRecord {
  return {
    signature: row.signature,
    ...grantFields(row),
    expiresAt: Number(row.expires_at),
    active: Number(row.active) === 1,
    sessionData: row.session_data,
  };
}
