/**
 * Redeems an authorization code and stores what it issues, in one transaction (security
 * checklist §6, "nothing is half-written"; Hydra runs the token handler in one transaction too).
 * A crash or a lost database between the statements leaves either the code unused and no token,
 * or the code used with its access token and, when offline access was granted, its refresh token:
 * never a used code that issued nothing, nor an access token whose refresh token was lost.
 *
 * The access token is written here, not through the access-token store's batched writer: a
 * batch commits on its own connection, outside this transaction.
 *
 * Of two concurrent redemptions, the second one's conditional UPDATE waits on the row lock
 * (PostgreSQL, InnoDB) or on the single writer (SQLite) until the first commits, then matches
 * nothing: so whoever sees the code used also sees every token it issued, and a replay can
 * revoke them all.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../persistence/database.js';
import { toRow as accessRow, type AccessTokenRecord, type AccessTokenRow } from '../tokens/access-token-store.js';
import type { RefreshRow } from '../refresh/refresh-token-store.js';
import { retryOnDeadlock } from '../../persistence/deadlock-retry.js';

type Db = Kysely<{
  hydra_oauth2_code: { signature: string; active: number };
  hydra_oauth2_access: AccessTokenRow;
  hydra_oauth2_refresh: RefreshRow;
}>;

export class CodeRedemption {
  private readonly db: Db;

  constructor(database: Database) {
    this.db = database.db as unknown as Db;
  }

  /**
   * False, with nothing written, when the code was no longer unused (a replay or a lost race). A
   * deadlock victim (deadlock-retry.ts) was rolled back whole and runs again.
   */
  redeem(codeKey: string, issued: { access: AccessTokenRecord; refresh?: RefreshRow }): Promise<boolean> {
    return retryOnDeadlock(() => this.db.transaction().execute(async (trx) => {
      const consumed = await trx
        .updateTable('hydra_oauth2_code')
        .set({ active: 0 })
        .where('signature', '=', codeKey)
        .where('active', '=', 1)
        .executeTakeFirst();
      if (Number(consumed.numUpdatedRows) !== 1) return false;
      await trx.insertInto('hydra_oauth2_access').values(accessRow(issued.access)).execute();
      if (issued.refresh) await trx.insertInto('hydra_oauth2_refresh').values(issued.refresh).execute();
      return true;
    }));
  }
}
