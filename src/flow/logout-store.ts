/**
 * Storage of RP-initiated logout requests (hydra_oauth2_logout_request). As in flow-store.ts, a
 * challenge or verifier is looked up by its hash and a step is one conditional UPDATE on
 * (id, state): of two uses of the same secret, even concurrent, exactly one moves the row.
 *
 *   logout_initialized ──(admin accept)──> logout_accepted ──(logout_verifier)──> logout_used ▣
 *          └──(admin reject)──> logout_rejected ▣ (the browser is sent on without logging out)
 */
import type { Kysely } from 'kysely';
import type { Database } from '../persistence/database.js';

export type LogoutState = 'logout_initialized' | 'logout_accepted' | 'logout_rejected' | 'logout_used';

/** What the logout request carries (Hydra's LogoutRequest, hydra-contract.md §3). */
export interface LogoutData {
  subject: string;
  sid: string;
  requestUrl: string;
  rpInitiated: boolean;
  clientId?: string;
  /** Where to go once done: a registered post_logout_redirect_uri (+state) or the default. */
  postLogoutUrl: string;
}

export interface LogoutRecord {
  id: string;
  state: LogoutState;
  requestedAt: number;
  expiresAt: number;
  data: LogoutData;
}

interface LogoutRow {
  id: string;
  challenge: string;
  verifier: string | null;
  state: string;
  requested_at: number;
  expires_at: number;
  data: string;
}

type Db = Kysely<{ hydra_oauth2_logout_request: LogoutRow }>;

export class SqlLogoutStore {
  private readonly db: Db;

  constructor(database: Database) {
    this.db = database.db as unknown as Db;
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

  /** Moves the request from `from` to `to`; false when another use got there first. */
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
