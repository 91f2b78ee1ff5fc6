/**
 * Storage of access tokens, by the hash of their signature (RFC 6819 §4.5.2: the token itself is
 * never stored). The SQL implementation is persistence/sql/access-token.ts; an in-memory one
 * for unit tests is test/support/memory-stores/. Both pass test/persistence/access-token.contract.ts.
 */

/** What every token shares with its grant: which request, client and subject, and what was granted. */
export interface GrantFields {
  requestId: string;
  clientId: string;
  subject: string;
  grantedScope: string[];
  grantedAudience: string[];
  requestedAt: number;
}

export interface AccessTokenRecord extends GrantFields {
  signature: string;
  expiresAt: number;
  active: boolean;
  /** Sealed (or plain JSON) session: the claims the token carries. */
  sessionData: string;
}

/**
 * The contract:
 * - `create` resolves once the record is durable (committed), and only then may the token be
 *   handed out. Outside a unit of work, concurrent creates may share one statement; inside one
 *   (unit-of-work.ts) the row is written in that transaction and commits or rolls back with it.
 *   A record whose client was deleted meanwhile is refused (a foreign-key violation).
 * - `get` answers a record as it was when read: it may be inactive or expired, the caller decides.
 * - Revocation only ever sets active to false; nothing here makes a token active again.
 */
export interface AccessTokenStore {
  create(record: AccessTokenRecord): Promise<void>;
  get(signature: string): Promise<AccessTokenRecord | undefined>;
  /** RFC 7009: marks the token inactive; answers whether a row existed. */
  revoke(signature: string): Promise<boolean>;
  /** Every access token of the grant (RFC 7009 §2.1: tokens of one grant die together). */
  revokeByRequestId(requestId: string): Promise<void>;
  deleteByClient(clientId: string): Promise<number>;
}
