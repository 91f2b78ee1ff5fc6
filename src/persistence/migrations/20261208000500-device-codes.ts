import type { Migration } from './migration.js';
import { SQLITE_ORPHAN_MESSAGE } from './20261207000100-client-cascade.js';

/**
 * RFC 8628 device authorization (Hydra's hydra_oauth2_device_auth_codes, migration
 * 20241609000001000000_device_flow), and the device challenges of the verification page.
 *
 * hydra_oauth2_device_auth_codes: one row per POST /oauth2/device/auth, keyed by a hash of the
 * device code's HMAC signature; the user code only as its HMAC (user_code_signature, unique, so a
 * collision is retried as fosite retries it). `state` is Tessera's one column for Hydra's
 * user_code_state and device_code_active: pending (user code unused) → claimed (user code entered
 * once, by the challenge in challenge_id) → approved (consent given; session_data holds the
 * grant, sealed) → used (tokens issued), or denied. last_polled_at enforces the polling interval
 * (slow_down). Times are epoch ms in BIGINT, as everywhere in Tessera.
 *
 * hydra_oauth2_device_challenge: Hydra keeps its device challenge in the sealed challenge itself;
 * Tessera keeps a row, keyed by the challenge's hash, so that wrong user codes can be counted
 * (attempts) and the challenge, its verifier and its CSRF value are single use.
 *
 * A device authorization dies with its client, as every hydra_oauth2_* row does (migration
 * 20261207000100): a foreign key ON DELETE CASCADE on PostgreSQL and MySQL, and on SQLite the same
 * pair of triggers (cascade after the client's deletion, refusal of an orphan insert).
 */
const codes = (text: string) => `
    device_code_signature VARCHAR(128) NOT NULL PRIMARY KEY,
    user_code_signature VARCHAR(128) NOT NULL,
    request_id VARCHAR(64) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    state VARCHAR(16) NOT NULL,
    challenge_id VARCHAR(128) NULL,
    requested_scope ${text} NOT NULL,
    requested_audience ${text} NOT NULL,
    session_data ${text} NULL,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_polled_at BIGINT NOT NULL`;

const challenges = `
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    verifier VARCHAR(128) NULL,
    csrf VARCHAR(64) NOT NULL,
    state VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL,
    device_code_signature VARCHAR(128) NULL,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL`;

const CODES = 'hydra_oauth2_device_auth_codes';
const CHALLENGES = 'hydra_oauth2_device_challenge';

const CLIENT_FK = `CONSTRAINT ${CODES}_client_id_fk FOREIGN KEY (client_id) REFERENCES hydra_client (id) ON DELETE CASCADE`;

const tablesUp = (foreignKey: boolean) => [
  `CREATE TABLE IF NOT EXISTS ${CODES} (${codes('TEXT')},
    CONSTRAINT ${CODES}_user_code_uq UNIQUE (user_code_signature)${foreignKey ? `,
    ${CLIENT_FK}` : ''}
  )`,
  `CREATE INDEX IF NOT EXISTS ${CODES}_expires_at_idx ON ${CODES} (expires_at)`,
  `CREATE INDEX IF NOT EXISTS ${CODES}_client_idx ON ${CODES} (client_id)`,
  `CREATE TABLE IF NOT EXISTS ${CHALLENGES} (${challenges},
    CONSTRAINT ${CHALLENGES}_verifier_uq UNIQUE (verifier)
  )`,
  `CREATE INDEX IF NOT EXISTS ${CHALLENGES}_expires_at_idx ON ${CHALLENGES} (expires_at)`,
];

const sqliteUp = [
  ...tablesUp(false),
  `CREATE TRIGGER IF NOT EXISTS ${CODES}_client_cascade AFTER DELETE ON hydra_client
   BEGIN DELETE FROM ${CODES} WHERE client_id = OLD.id; END`,
  `CREATE TRIGGER IF NOT EXISTS ${CODES}_client_guard BEFORE INSERT ON ${CODES}
   WHEN NOT EXISTS (SELECT 1 FROM hydra_client c WHERE c.id = NEW.client_id)
   BEGIN SELECT RAISE(ABORT, '${SQLITE_ORPHAN_MESSAGE}'); END`,
];

const down = [`DROP TABLE IF EXISTS ${CHALLENGES}`, `DROP TABLE IF EXISTS ${CODES}`];
const sqliteDown = [`DROP TRIGGER IF EXISTS ${CODES}_client_cascade`, `DROP TRIGGER IF EXISTS ${CODES}_client_guard`, ...down];

export const deviceCodes: Migration = {
  version: '20261208000500_device_codes',
  up: {
    sqlite: sqliteUp,
    postgres: tablesUp(true),
    mysql: [
      `CREATE TABLE IF NOT EXISTS ${CODES} (${codes('TEXT')},
      UNIQUE INDEX ${CODES}_user_code_uq (user_code_signature),
      INDEX ${CODES}_expires_at_idx (expires_at),
      INDEX ${CODES}_client_idx (client_id),
      ${CLIENT_FK}
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS ${CHALLENGES} (${challenges},
      UNIQUE INDEX ${CHALLENGES}_verifier_uq (verifier),
      INDEX ${CHALLENGES}_expires_at_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: sqliteDown, postgres: down, mysql: down },
};
