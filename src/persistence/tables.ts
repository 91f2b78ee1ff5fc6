/**
 * The row types of every table, for Kysely. Times are milliseconds since the epoch in BIGINT
 * columns, the one representation that SQLite, PostgreSQL and MySQL store and return alike.
 */
export interface ClientRow {
  id: string;
  client_name: string;
  owner: string;
  /** The client secret's slow hash (PBKDF2 or bcrypt, crypto/secret-hasher.ts); null without a secret. */
  secret_hash: string | null;
  /** Every other client field as JSON (src/client/client-row.ts). */
  data: string;
  created_at: number;
  updated_at: number;
}

export interface JwkRow {
  sid: string;
  kid: string;
  /** The JWK as JSON, sealed with AES-256-GCM under secrets.system (see crypto/aead.ts). */
  keydata: string;
  /** 1 when the key can sign tokens (asymmetric, private, not `use: enc`): readable without the secret. */
  signing: number;
  created_at: number;
}

/** One row per named lock; a transaction that updates the row holds the lock until it ends. */
export interface JwkLockRow {
  name: string;
  /** How often the lock was taken: every holder increments it, so its UPDATE always changes the row. */
  acquisitions: number;
}

/** A process generating the first signing key of set `sid` (jwk/generation-claim.ts). */
export interface JwkGenerationClaimRow {
  sid: string;
  /** Random per attempt: only the claimant renews or releases its claim. */
  claimant: string;
  /** Epoch ms of the claim or its latest renewal; older than the stale limit, it can be taken over. */
  claimed_at: number;
}

export interface SchemaMigrationRow {
  version: string;
  applied_at: number;
}

export interface Tables {
  hydra_client: ClientRow;
  hydra_jwk: JwkRow;
  hydra_jwk_lock: JwkLockRow;
  hydra_jwk_generation_claim: JwkGenerationClaimRow;
  schema_migration: SchemaMigrationRow;
}
