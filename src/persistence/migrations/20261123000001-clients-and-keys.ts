import type { Migration } from './migration.js';

/**
 * hydra_client (src/client/client-row.ts). The client list pages by `id` (keyset), so `id`
 * compares bytewise on every dialect, giving one order everywhere: BINARY in SQLite, COLLATE "C"
 * in PostgreSQL, utf8mb4_bin in MySQL. client_name and owner are TEXT, as in Hydra, and indexed
 * for the list filters (a prefix index in MySQL, which cannot index TEXT whole).
 */
const clientUp = (idCollation: string) => [
  `CREATE TABLE IF NOT EXISTS hydra_client (
    id VARCHAR(255)${idCollation} NOT NULL PRIMARY KEY,
    client_name TEXT NOT NULL,
    owner TEXT NOT NULL,
    secret_hash TEXT,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS hydra_client_owner_idx ON hydra_client (owner)`,
  `CREATE INDEX IF NOT EXISTS hydra_client_name_idx ON hydra_client (client_name)`,
];

const sqliteAndPostgresUp = [
  `CREATE TABLE IF NOT EXISTS hydra_jwk (
    sid VARCHAR(255) NOT NULL,
    kid VARCHAR(255) NOT NULL,
    keydata TEXT NOT NULL,
    signing SMALLINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (sid, kid)
  )`,
];

const down = ['DROP TABLE IF EXISTS hydra_jwk', 'DROP TABLE IF EXISTS hydra_client'];

export const clientsAndKeys: Migration = {
  version: '20261123000001_clients_and_keys',
  up: {
    sqlite: [...clientUp(''), ...sqliteAndPostgresUp],
    postgres: [...clientUp(' COLLATE "C"'), ...sqliteAndPostgresUp],
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_client (
        id VARCHAR(255) NOT NULL PRIMARY KEY,
        client_name TEXT NOT NULL,
        owner TEXT NOT NULL,
        secret_hash TEXT,
        data MEDIUMTEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        INDEX hydra_client_owner_idx (owner(191)),
        INDEX hydra_client_name_idx (client_name(191))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS hydra_jwk (
        sid VARCHAR(255) NOT NULL,
        kid VARCHAR(255) NOT NULL,
        keydata TEXT NOT NULL,
        signing SMALLINT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (sid, kid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
