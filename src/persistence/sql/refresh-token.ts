/**
 * RefreshTokenStore on hydra_oauth2_refresh. A claim is one conditional UPDATE (WHERE active = 1,
 * or still inside the grace period): of two concurrent claims of the same token, the second
 * blocks on the row lock (PostgreSQL, InnoDB) or on the single writer (SQLite), then finds the
 * condition false and claims nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Aead } from '../../crypto/aead.js';
import type { RefreshClaim, RefreshRecord, RefreshSession, RefreshTokenStore } from '../../oauth2/refresh/refresh-token-store.js';
import type { Executor, RefreshRow, Tables } from '../tables.js';
import { grantColumns, grantFields } from './grant-columns.js';

export class SqlRefreshTokenStore implements RefreshTokenStore {
  constructor(
    private readonly database: Executor,
    private readonly aead: Aead,
  ) {}

  private get db() {
    return this.database.db;
  }

  async create(record: RefreshRecord): Promise<void> {
    await this.db.insertInto('hydra_oauth2_refresh').values(this.toRow(record)).execute();
  }

  async get(key: string): Promise<RefreshRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_refresh').selectAll().where('signature', '=', key).executeTakeFirst();
    if (!row) return undefined;
    const nullable = (value: number | null) => (value === null ? null : Number(value));
    return {
      key,
      ...grantFields(row),
      expiresAt: nullable(row.expires_at),
      active: Number(row.active) === 1,
      revoked: Number(row.active) === -1,
      firstUsedAt: nullable(row.first_used_at),
      usedTimes: Number(row.used_times),
      accessTokenKey: row.access_token_signature,
      session: JSON.parse(this.aead.openText(row.session_data, `refresh:${key}`)) as RefreshSession,
    };
  }

  async claim(key: string, { now, grace, keepUntil }: RefreshClaim): Promise<boolean> {
    let claim = this.db
      .updateTable('hydra_oauth2_refresh')
      .set({
        active: 0,
        first_used_at: sql<number>`COALESCE(first_used_at, ${now})`,
        used_times: sql<number>`used_times + 1`,
        expires_at: keepUntil,
      })
      .where('signature', '=', key);
    if (grace.periodMs > 0) {
      claim = claim.where((eb) =>
        eb.or([
          eb('active', '=', 1),
          eb.and([
            eb('active', '=', 0),
            eb('first_used_at', 'is not', null),
            eb('first_used_at', '>', now - grace.periodMs),
            ...(grace.reuseCount > 0 ? [eb('used_times', '<', grace.reuseCount)] : []),
          ]),
        ]),
      );
    } else {
      claim = claim.where('active', '=', 1);
    }
    const claimed = await claim.executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  /**
   * Every refresh and access token of the grant becomes inactive, all or nothing. Refresh rows
   * get -1, not 0, so that no grace period can bring a rotated token of a revoked grant back.
   */
  async revokeChain(requestId: string): Promise<void> {
    const revoke = async (trx: Kysely<Tables>) => {
      await trx.updateTable('hydra_oauth2_refresh').set({ active: -1 }).where('request_id', '=', requestId).execute();
      await trx.updateTable('hydra_oauth2_access').set({ active: 0 }).where('request_id', '=', requestId).execute();
    };
    // Inside a unit of work the enclosing transaction already makes it all or nothing.
    if (this.db.isTransaction) return revoke(this.db);
    await this.db.transaction().execute(revoke);
  }

  async revokeActiveOfGrant(requestId: string): Promise<void> {
    await this.db
      .updateTable('hydra_oauth2_refresh')
      .set({ active: -1 })
      .where('request_id', '=', requestId)
      .where('active', '=', 1)
      .execute();
  }

  private toRow(record: RefreshRecord): RefreshRow {
    return {
      signature: record.key,
      ...grantColumns(record),
      expires_at: record.expiresAt,
      active: record.revoked ? -1 : record.active ? 1 : 0,
      first_used_at: record.firstUsedAt,
      used_times: record.usedTimes,
      access_token_signature: record.accessTokenKey,
      session_data: this.aead.seal(JSON.stringify(record.session), `refresh:${record.key}`),
    };
  }
}
