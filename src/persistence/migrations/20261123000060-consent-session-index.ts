import type { Migration } from './migration.js';

/**
 * hydra_oauth2_consent_session: what Hydra filters consent sessions on (admin GET/DELETE
 * /admin/oauth2/auth/sessions/consent, src/flow/consent-sessions.ts), which the flow otherwise
 * keeps only inside its sealed `data`. One row per accepted consent, written in the same
 * transaction as the flow's acceptConsent step and removed with the flow:
 * - consent_request_id: DELETE ?consent_request_id=, and the request id of the tokens issued;
 * - login_session_id: the list's login_session_id filter;
 * - consent_skip: a consent that reused a remembered one is not listed (Hydra: consent_skip = FALSE);
 * - consent_expires_at: epoch ms when remember_for lapses (Hydra's generated flow.expires_at); NULL: never.
 * None of them is secret. A table, not new flow columns: CREATE TABLE IF NOT EXISTS re-runs safely
 * on every dialect, ADD COLUMN does not.
 */
const columns = `
    flow_id VARCHAR(64) NOT NULL PRIMARY KEY,
    consent_request_id VARCHAR(64) NOT NULL,
    login_session_id VARCHAR(64) NOT NULL,
    consent_skip SMALLINT NOT NULL,
    consent_expires_at BIGINT`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_consent_session (${columns}
  )`,
  'CREATE UNIQUE INDEX IF NOT EXISTS hydra_oauth2_consent_session_request_idx ON hydra_oauth2_consent_session (consent_request_id)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_consent_session_login_idx ON hydra_oauth2_consent_session (login_session_id)',
];

const down = ['DROP TABLE IF EXISTS hydra_oauth2_consent_session'];

export const consentSessionIndex: Migration = {
  version: '20261123000060_consent_session_index',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_consent_session (${columns},
        UNIQUE INDEX hydra_oauth2_consent_session_request_idx (consent_request_id),
        INDEX hydra_oauth2_consent_session_login_idx (login_session_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
