import type { Migration } from './migration.js';
import { SQLITE_ORPHAN_MESSAGE } from './20261207000100-client-cascade.js';

/**
 * The subject identifiers a login app forced on a client (`force_subject_identifier` on login
 * accept, OIDC Core §8), as Hydra keeps them in hydra_oauth2_obfuscated_authentication_session
 * (consent/strategy_default.go CreateForcedObfuscatedLoginSession; primary key subject and
 * client_id): the `sub` that client's ID tokens carried. Hydra reads it back to accept an
 * id_token_hint naming that `sub` (matchesValueFromSession), so a client that kept an ID token
 * with a forced `sub` can still use it as a hint, after `tessera import hydra` too. One row per
 * user and client, replaced by the next forced value (Hydra deletes, then inserts).
 *
 * Dies with its client, as every hydra_oauth2_* row (migration 20261207000100): a foreign key
 * ON DELETE CASCADE on PostgreSQL and MySQL, the same pair of triggers on SQLite.
 */
const TABLE = 'hydra_oauth2_obfuscated_authentication_session';

const columns = `
    subject VARCHAR(255) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    subject_obfuscated VARCHAR(255) NOT NULL,
    PRIMARY KEY (subject, client_id)`;

const CLIENT_FK = `CONSTRAINT ${TABLE}_client_id_fk FOREIGN KEY (client_id) REFERENCES hydra_client (id) ON DELETE CASCADE`;

const down = [`DROP TABLE IF EXISTS ${TABLE}`];

export const forcedSubjectIdentifiers: Migration = {
  version: '20261208001000_forced_subject_identifiers',
  up: {
    sqlite: [
      `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns})`,
      `CREATE INDEX IF NOT EXISTS ${TABLE}_client_idx ON ${TABLE} (client_id)`,
      `CREATE TRIGGER IF NOT EXISTS ${TABLE}_client_cascade AFTER DELETE ON hydra_client
       BEGIN DELETE FROM ${TABLE} WHERE client_id = OLD.id; END`,
      `CREATE TRIGGER IF NOT EXISTS ${TABLE}_client_guard BEFORE INSERT ON ${TABLE}
       WHEN NOT EXISTS (SELECT 1 FROM hydra_client c WHERE c.id = NEW.client_id)
       BEGIN SELECT RAISE(ABORT, '${SQLITE_ORPHAN_MESSAGE}'); END`,
    ],
    postgres: [`CREATE TABLE IF NOT EXISTS ${TABLE} (${columns}, ${CLIENT_FK})`, `CREATE INDEX IF NOT EXISTS ${TABLE}_client_idx ON ${TABLE} (client_id)`],
    mysql: [
      `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns},
      INDEX ${TABLE}_client_idx (client_id),
      ${CLIENT_FK}
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: {
    sqlite: [`DROP TRIGGER IF EXISTS ${TABLE}_client_cascade`, `DROP TRIGGER IF EXISTS ${TABLE}_client_guard`, ...down],
    postgres: down,
    mysql: down,
  },
};
