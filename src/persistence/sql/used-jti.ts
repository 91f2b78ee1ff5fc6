/** UsedJtis on hydra_oauth2_jti_blacklist (src/oauth2/assertion/used-jtis.ts). */
import { createHash } from 'node:crypto';
import type { UsedJtis } from '../../oauth2/assertion/used-jtis.js';
import type { Executor } from '../tables.js';
import { isUniqueViolation } from '../unique-violation.js';

export class SqlUsedJtis implements UsedJtis {
  constructor(private readonly database: Executor) {}

  async markUsed(jti: string, expiresAt: number, now: number): Promise<boolean> {
    // Stored by hash, as Hydra's x.SignatureHash: a `jti` of any length fits the key column, and
    // the database never holds what a client chose to put there.
    const signature = createHash('sha256').update(jti).digest('hex');
    try {
      await this.database.db.insertInto('hydra_oauth2_jti_blacklist').values({ signature, expires_at: expiresAt }).execute();
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // Known: a use that has expired (the janitor has not removed it yet) no longer counts. One
    // conditional UPDATE, so that of two concurrent reuses of an expired record only one wins.
    const result = await this.database.db
      .updateTable('hydra_oauth2_jti_blacklist')
      .set({ expires_at: expiresAt })
      .where('signature', '=', signature)
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
