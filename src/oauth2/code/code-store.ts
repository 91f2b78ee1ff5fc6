/**
 * Authorization codes, keyed by a hash of the code's HMAC signature: the code itself is never
 * stored (RFC 6819 §4.4.1.3, §5.1.4.1.3). The SQL implementation is persistence/sql/code.ts.
 */
import type { ConsentedGrant } from '../../flow/flow-model.js';

/**
 * What the code stands for: the grant the user consented to (flow-model.ts's ConsentedGrant, which
 * the login/consent flow produces and this store seals at rest).
 */
export type CodeSession = ConsentedGrant;

export interface CodeRecord {
  requestId: string;
  clientId: string;
  requestedAt: number;
  expiresAt: number;
  active: boolean;
  /** A second redemption was attempted (active = -1): whatever the code issued must die. */
  replayed: boolean;
  session: CodeSession;
}

/**
 * The contract:
 * - A code is unused (active) when created, and leaves that state exactly once: `consume` is a
 *   compare-and-set (unused → used) that answers true to exactly one caller, however many race
 *   (RFC 6749 §4.1.2: single use). Run in a unit of work (unit-of-work.ts), the consumption
 *   commits or rolls back with the tokens the code issues (code-redemption.ts).
 * - `markReplayed` makes the code dead for good and says so (`replayed`), whether it was used or
 *   not; nothing makes a code active again.
 * - `get` answers the session as it was stored (sealed at rest, bound to its key).
 */
export interface CodeStore {
  create(key: string, record: CodeRecord): Promise<void>;
  get(key: string): Promise<CodeRecord | undefined>;
  /** Uses the code up; false, changing nothing, when it was not unused any more. */
  consume(key: string): Promise<boolean>;
  /** Records a replay: the code stays dead for good, and the record says why. */
  markReplayed(key: string): Promise<void>;
}
