import type { Migration } from './migration.js';

/**
 * The `jti` of every JWT assertion a client or trusted issuer presented (RFC 7523 §3 item 7: a
 * server may record it to refuse a replay), Hydra's hydra_oauth2_jti_blacklist: one row per
 * SHA-256 of the `jti`, kept until the assertion's own `exp`, after which a replay would fail on
 * `exp` anyway and the janitor (--tokens) removes the row. One table for client assertions
 * (private_key_jwt, client_secret_jwt) and JWT-bearer grants, as in Hydra: a `jti` is single use
 * across both and across every instance on the database.
 */
const columns = `
    signature VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at BIGINT NOT NULL`;

const portableUp = [`CREATE TABLE IF NOT EXISTS hydra_oauth2_jti_blacklist (${columns}\n  )`, 'CREATE INDEX IF NOT EXISTS hydra_oauth2_jti_blacklist_expires_at_idx ON hydra_oauth2_jti_blacklist (expires_at)'];

const down = ['DROP TABLE IF EXISTS hydra_oauth2_jti_blacklist'];

export const jtiBlacklist: Migration = {
  version: '20261208000100_jti_blacklist',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_jti_blacklist (${columns},
      INDEX hydra_oauth2_jti_blacklist_expires_at_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
