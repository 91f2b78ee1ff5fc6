import type { Migration } from './migration.js';

/**
 * The client secret sealed with AES-256-GCM under secrets.system (crypto/aead.ts), for clients whose
 * token_endpoint_auth_method is client_secret_jwt only: RFC 7523 §2.2 keys an HMAC with the plain
 * secret, which the slow hash in hydra_client.secret_hash cannot give back. Hydra has no such
 * storage (it refuses client_secret_jwt).
 *
 * A table of its own, one row per such client, rather than a column of hydra_client: SQLite cannot
 * add a column idempotently (no ADD COLUMN IF NOT EXISTS), and every migration here converges when
 * re-run; a row goes with its client (a foreign key ON DELETE CASCADE, and on SQLite a trigger,
 * which works whatever PRAGMA foreign_keys says, as migration 20261207000100 does).
 */
const table = (idCollation: string, tail = '') => `CREATE TABLE IF NOT EXISTS hydra_client_sealed_secret (
    client_id VARCHAR(255)${idCollation} NOT NULL PRIMARY KEY,
    sealed_secret TEXT NOT NULL,
    CONSTRAINT hydra_client_sealed_secret_client_fk FOREIGN KEY (client_id) REFERENCES hydra_client (id) ON DELETE CASCADE
  )${tail}`;

const down = ['DROP TABLE IF EXISTS hydra_client_sealed_secret'];

export const clientSealedSecret: Migration = {
  version: '20261208000200_client_sealed_secret',
  up: {
    sqlite: [
      table(''),
      `CREATE TRIGGER IF NOT EXISTS hydra_client_sealed_secret_cascade AFTER DELETE ON hydra_client
       BEGIN DELETE FROM hydra_client_sealed_secret WHERE client_id = OLD.id; END`,
    ],
    postgres: [table(' COLLATE "C"')],
    mysql: [table('', ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin')],
  },
  down: {
    sqlite: ['DROP TRIGGER IF EXISTS hydra_client_sealed_secret_cascade', ...down],
    postgres: down,
    mysql: down,
  },
};
