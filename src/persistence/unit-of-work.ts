/**
 * A unit of work: several stores' writes in one database transaction, all or nothing (security
 * checklist §6, "nothing is half-written"; Hydra runs a token handler in one transaction too).
 * Protocol code states what it writes (`tx.codes.consume`, `tx.accessTokens.create`, ...) and
 * never sees SQL; this file only declares the shape, so importing it loads no database code.
 * The SQL implementation is persistence/sql/unit-of-work.ts.
 */
import type { FlowStore } from '../flow/flow-store.js';
import type { CodeStore } from '../oauth2/code/code-store.js';
import type { AccessTokenStore } from '../oauth2/tokens/access-token-store.js';
import type { RefreshTokenStore } from '../oauth2/refresh/refresh-token-store.js';

/**
 * The stores of one transaction. Every statement they run belongs to it: it commits when the work
 * resolves and rolls back when the work throws. Compare-and-set operations (`flows.transition`,
 * `codes.consume`, `refreshTokens.claim`) see the effect of a concurrent transaction only once
 * that one has committed, and then refuse: of two units of work that race for the same row,
 * whoever loses sees everything the winner wrote.
 */
export interface TransactionStores {
  readonly flows: FlowStore;
  readonly codes: CodeStore;
  readonly accessTokens: AccessTokenStore;
  readonly refreshTokens: RefreshTokenStore;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction. A deadlock victim (persistence/deadlock-retry.ts) was rolled
   * back whole and runs again, from the start, with fresh stores: `work` must therefore do
   * nothing outside `tx` that cannot be repeated. Any other error rolls back and is rethrown.
   */
  transaction<T>(work: (tx: TransactionStores) => Promise<T>): Promise<T>;
}
