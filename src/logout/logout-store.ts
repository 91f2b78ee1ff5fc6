/**
 * Storage of RP-initiated logout requests. The SQL implementation is persistence/sql/logout.ts.
 *
 *   logout_initialized ──(admin accept)──> logout_accepted ──(logout_verifier)──> logout_used ▣
 *          └──(admin reject)──> logout_rejected ▣ (the browser is sent on without logging out)
 */
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

/**
 * The contract, as FlowStore's: a challenge or verifier is found by its hash only, and
 * `transition` is a compare-and-set on (id, from): of two uses of the same secret, even
 * concurrent, exactly one moves the request and the other is answered false.
 */
export interface LogoutStore {
  create(record: LogoutRecord, challengeHash: string): Promise<void>;
  findBy(column: 'challenge' | 'verifier', hash: string): Promise<LogoutRecord | undefined>;
  /** Moves the request from `from` to `to`, recording the verifier's hash if given; false when another use got there first. */
  transition(id: string, from: LogoutState, to: LogoutState, verifierHash?: string): Promise<boolean>;
}
