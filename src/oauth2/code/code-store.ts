/**
 * Authorization codes, keyed by a hash of the code's HMAC signature: the code itself is never
 * stored (RFC 6819 §4.4.1.3, §5.1.4.1.3). The SQL implementation is persistence/sql/code.ts.
 */

/** What the code stands for: the consented grant, sealed at rest. */
export interface CodeSession {
  redirectUri: string;
  redirectUriSent: boolean;
  subject: string;
  /** OIDC Core §8: the ID token's sub (pairwise or forced); `subject` when absent. */
  idTokenSubject?: string;
  scope: string[];
  audience: string[];
  /** consent session.access_token: carried as `ext` by the access token. */
  ext: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  acr: string;
  amr: string[];
  sid: string;
}

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
