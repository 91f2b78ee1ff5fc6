/**
 * Single use of a JWT assertion's `jti` (RFC 7523 §3 item 7, OIDC Core §9: "the jti ... MUST only
 * be used once"), for client assertions (private_key_jwt, client_secret_jwt) and JWT-bearer
 * grants alike, across every instance on one database. A `jti` is remembered until the
 * assertion's own `exp`: after that a replay is refused by its expiry, so the record may go (the
 * janitor's --tokens removes it, persistence/sql/janitor-targets.ts).
 *
 * The SQL implementation is persistence/sql/used-jti.ts; the in-memory one for unit tests is
 * test/support/memory-stores/memory-used-jtis.ts, and both pass test/persistence/used-jtis.contract.test.ts.
 */
export interface UsedJtis {
  /**
   * Records `jti` as used until `expiresAt` (epoch ms). Answers true when this call is its first
   * use; false when it was already used and that use has not expired by `now` (a replay). Of
   * concurrent calls with one `jti`, exactly one answers true.
   */
  markUsed(jti: string, expiresAt: number, now: number): Promise<boolean>;
}
