import type { Migration } from './migration.js';

/**
 * Login sessions carried over from Hydra's hydra_oauth2_authentication_session by `tessera
 * import hydra` (issue 13, src/flow/imported-login-sessions.ts). Tessera's own remembered logins
 * live in a sealed cookie and need no row; a browser that logged in under Hydra holds a cookie
 * naming only the session id, so the rest is kept here, by that id:
 * - subject and authenticated_at (epoch ms): the login the session remembers;
 * - remember (0/1): Hydra honours only remembered sessions (GetRememberedLoginSession);
 * - expires_at (epoch ms): Hydra's expires_at; 0 where Hydra has NULL (rows older than its
 *   expiry column), never honoured. The janitor removes a row once it has expired.
 * Nothing here is secret: the id alone, without Hydra's cookie secrets, forges no cookie.
 */
const TABLE = 'hydra_oauth2_imported_login_session';

const columns = `
    sid VARCHAR(64) NOT NULL PRIMARY KEY,
    subject VARCHAR(255) NOT NULL,
    remember SMALLINT NOT NULL,
    authenticated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns})`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_expires_at_idx ON ${TABLE} (expires_at)`,
];

const down = [`DROP TABLE IF EXISTS ${TABLE}`];

export const importedLoginSessions: Migration = {
  version: '20261208000910_imported_login_sessions',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns},
      INDEX ${TABLE}_expires_at_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
