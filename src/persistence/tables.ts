/**
 * The row types of every table, for Kysely. Times are milliseconds since the epoch in BIGINT
 * columns, the one representation that SQLite, PostgreSQL and MySQL store and return alike.
 */
export interface ClientRow {
  id: string;
  client_name: string;
  owner: string;
  secret_hash: string | null;
  data: string;
  created_at: number;
  updated_at: number;
}

export interface JwkRow {
  sid: string;
  kid: string;
  /** The JWK as JSON, sealed with AES-256-GCM under secrets.system (see crypto/aead.ts). */
  keydata: string;
  created_at: number;
}

export interface SchemaMigrationRow {
  version: string;
  applied_at: number;
}

export interface Tables {
  hydra_client: ClientRow;
  hydra_jwk: JwkRow;
  schema_migration: SchemaMigrationRow;
}
