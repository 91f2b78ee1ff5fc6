/**
 * Redeems an authorization code and stores what it issues, in one transaction (security
 * checklist §6, "nothing is half-written"; Hydra runs the token handler in one transaction too).
 * A crash or a lost database between the statements leaves either the code unused and no token,
 * or the code used with its access token and, when offline access was granted, its refresh token:
 * never a used code that issued nothing, nor an access token whose refresh token was lost.
 *
 * The access token is written through the unit of work's access-token store, not the batched
 * writer of the shared one: a batch commits on its own connection, outside this transaction.
 *
 * Of two concurrent redemptions, the second one's consumption (a compare-and-set, CodeStore)
 * waits on the row lock (PostgreSQL, InnoDB) or on the single writer (SQLite) until the first
 * commits, then matches nothing: so whoever sees the code used also sees every token it issued,
 * and a replay can revoke them all.
 */
import type { UnitOfWork } from '../../persistence/unit-of-work.js';
import type { AccessTokenRecord } from '../tokens/access-token-store.js';
import type { RefreshRecord } from '../refresh/refresh-token-store.js';

/** Given where the code store uses a code up and stores its access token in one statement (PostgreSQL: persistence/sql/code.ts). */
export interface CodeConsumptionWithToken {
  consumeWithAccessToken(codeKey: string, access: AccessTokenRecord): Promise<boolean>;
}

export class CodeRedemption {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly atOnce?: CodeConsumptionWithToken,
  ) {}

  /**
   * False, with nothing written, when the code was no longer unused (a replay or a lost race). A
   * deadlock victim was rolled back whole and runs again (UnitOfWork.transaction).
   */
  redeem(codeKey: string, issued: { access: AccessTokenRecord; refresh?: RefreshRecord }): Promise<boolean> {
    // No refresh token: the consumption and the access token are one statement where the store can.
    if (this.atOnce && !issued.refresh) return this.atOnce.consumeWithAccessToken(codeKey, issued.access);
    return this.unitOfWork.transaction(async (tx) => {
      if (!(await tx.codes.consume(codeKey))) return false;
      await tx.accessTokens.create(issued.access);
      if (issued.refresh) await tx.refreshTokens.create(issued.refresh);
      return true;
    });
  }
}
