import type { Migration } from './migration.js';

/**
 * The lock row that serialises key generation across processes sharing one database (see
 * jwk/generation-lock.ts): concurrent first starts must converge on one key per set, where Hydra
 * only deduplicates per process. The row is created here, never at run time, so that taking the
 * lock is a plain UPDATE and no two starters race to create it. Re-running converges: the table
 * is created IF NOT EXISTS and the row is inserted unless present.
 */
const create = (suffix = '') => `CREATE TABLE IF NOT EXISTS hydra_jwk_lock (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    acquisitions BIGINT NOT NULL
  )${suffix}`;

const portableUp = [
  create(),
  `INSERT INTO hydra_jwk_lock (name, acquisitions) VALUES ('hydra_jwk', 0) ON CONFLICT (name) DO NOTHING`,
];

const down = ['DROP TABLE IF EXISTS hydra_jwk_lock'];

export const jwkLock: Migration = {
  version: '20261123000002_jwk_lock',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      create(' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin'),
      `INSERT IGNORE INTO hydra_jwk_lock (name, acquisitions) VALUES ('hydra_jwk', 0)`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
