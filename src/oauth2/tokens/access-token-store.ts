/**
 * Storage of access tokens, by the hash of their signature. Concurrent issuances share one INSERT
 * (BatchedWriter) and concurrent lookups one SELECT (BatchedReader), per event-loop turn.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../persistence/database.js';
import { BatchedWriter } from '../../persistence/batched-writer.js';
import { BatchedReader } from '../../persistence/batched-reader.js';
import { isForeignKeyViolation } from '../../persistence/foreign-key-violation.js';
import { grantColumns, grantFields } from './grant-columns.js';

export interface AccessTokenRecord {
  signature: string;
  requestId: string;
  clientId: string;
  subject: string;
  grantedScope: string[];
  grantedAudience: string[];
  requestedAt: number;
  expiresAt: number;
  active: boolean;
  /** Sealed (or plain JSON) session: the claims the token carries. */
  sessionData: string;
}

export interface AccessTokenRow {
  signature: string;
  request_id: string;
  client_id: string;
  subject: string;
  granted_scope: string;
  granted_audience: string;
  requested_at: number;
  expires_at: number;
  active: number;
  session_data: string;
}

export interface AccessTokenStore {
  create(record: AccessTokenRecord): Promise<void>;
  get(signature: string): Promise<AccessTokenRecord | undefined>;
  /** RFC 7009: marks the token inactive; answers whether a row existed. */
  revoke(signature: string): Promise<boolean>;
  revokeByRequestId(requestId: string): Promise<void>;
  deleteByClient(clientId: string): Promise<number>;
}

type Db = Kysely<{ hydra_oauth2_access: AccessTokenRow }>;

export class SqlAccessTokenStore implements AccessTokenStore {
  private readonly db: Db;
  private readonly writer: BatchedWriter<AccessTokenRow>;
  private readonly reader: BatchedReader<string, AccessTokenRow>;

  constructor(database: Database) {
    this.db = database.db as unknown as Db;
    this.writer = new BatchedWriter(
      (rows) => this.db.insertInto('hydra_oauth2_access').values(rows).execute().then(() => undefined),
      256,
      isForeignKeyViolation,
    );
    this.reader = new BatchedReader(async (signatures) => {
      const rows = await this.db.selectFrom('hydra_oauth2_access').selectAll().where('signature', 'in', signatures).execute();
      return new Map(rows.map((row) => [row.signature, row]));
    });
  }

  create(record: AccessTokenRecord): Promise<void> {
    return this.writer.write(toRow(record));
  }

  async get(signature: string): Promise<AccessTokenRecord | undefined> {
    const row = await this.reader.read(signature);
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
