import type { Migration } from './migration.js';

/**
 * The identity provider's session of a remembered login (Hydra's
 * hydra_oauth2_authentication_session.identity_provider_session_id, migration
 * 20230809122501000001_add_kratos_session_id). Tessera keeps the remembered login in a sealed
 * cookie (src/flow/login-session-cookie.ts), so only what the server must reach without the
 * cookie is stored: for a login session (sid) whose login was accepted with remember and an
 * identity_provider_session_id, that id, the subject (a subject's revocation forgets its rows, as
 * Hydra's RevokeSubjectLoginSession deletes the sessions) and the cookie's expiry (the janitor
 * removes a row once its cookie has expired). The row is taken, once, when the session ends by
 * logout or by sid (src/session/identity-provider-logout.ts).
 */
const TABLE = 'hydra_oauth2_login_session_idp';

const columns = `
    sid VARCHAR(64) NOT NULL PRIMARY KEY,
    subject VARCHAR(255) NOT NULL,
    identity_provider_session_id VARCHAR(255) NOT NULL,
    expires_at BIGINT NOT NULL`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns})`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_subject_idx ON ${TABLE} (subject)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_expires_at_idx ON ${TABLE} (expires_at)`,
];

const down = [`DROP TABLE IF EXISTS ${TABLE}`];

export const loginSessionIdp: Migration = {
  version: '20261208000700_login_session_idp',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns},
      INDEX ${TABLE}_subject_idx (subject),
      INDEX ${TABLE}_expires_at_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
