import type { Migration } from './migration.js';

const sqliteAndPostgresUp = [
  `CREATE TABLE IF NOT EXISTS hydra_client (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    client_name TEXT NOT NULL,
    owner TEXT NOT NULL,
    secret_hash TEXT,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS hydra_client_owner_idx ON hydra_client (owner)`,
  `CREATE INDEX IF NOT EXISTS hydra_client_name_idx ON hydra_client (client_name)`,
  `CREATE TABLE IF NOT EXISTS hydra_jwk (
    sid VARCHAR(255) NOT NULL,
    kid VARCHAR(255) NOT NULL,
    keydata TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (sid, kid)
  )`,
];

const down = ['DROP TABLE IF EXISTS hydra_jwk', 'DROP TABLE IF EXISTS hydra_client'];

export const clientsAndKeys: Migration = {
  version: '20261123000001_clients_and_keys',
  up: {
    sqlite: sqliteAndPostgresUp,
    postgres: sqliteAndPostgresUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_client (
        id VARCHAR(255) NOT NULL PRIMARY KEY,
        client_name VARCHAR(255) NOT NULL,
        owner VARCHAR(255) NOT NULL,
        secret_hash TEXT,
        data MEDIUMTEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        INDEX hydra_client_owner_idx (owner),
        INDEX hydra_client_name_idx (client_name)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS hydra_jwk (
        sid VARCHAR(255) NOT NULL,
        kid VARCHAR(255) NOT NULL,
        keydata TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (sid, kid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
