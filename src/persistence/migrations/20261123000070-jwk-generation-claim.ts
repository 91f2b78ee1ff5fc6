import type { Migration } from './migration.js';

/**
 * One row per key set whose first signing key some process is generating (jwk/generation-claim.ts):
 * the process whose INSERT creates the row generates, every other waits for the key instead of
 * generating a candidate of its own that the generation lock would discard. `claimed_at` (epoch
 * ms) is renewed while the generator works, so that a claim left by a crashed process goes stale
 * and can be taken over. A separate table, created IF NOT EXISTS: re-running converges.
 */
const columns = `
    sid VARCHAR(255) NOT NULL PRIMARY KEY,
    claimant VARCHAR(64) NOT NULL,
    claimed_at BIGINT NOT NULL`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS hydra_jwk_generation_claim (${columns}
  )`,
];

const down = ['DROP TABLE IF EXISTS hydra_jwk_generation_claim'];

export const jwkGenerationClaim: Migration = {
  version: '20261123000070_jwk_generation_claim',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [`CREATE TABLE IF NOT EXISTS hydra_jwk_generation_claim (${columns}
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
