import type { Migration } from './migration.js';

/**
 * The login/consent flow (src/flow/flow-states.ts) and authorization codes.
 *
 * hydra_oauth2_flow: one row per authorization request. Challenges and verifiers are never
 * stored, only a SHA-384 hash of each (a database leak must not let anyone complete a flow,
 * RFC 6819 §4.5.2); each column is UNIQUE so a hash names at most one flow, and NULL until that
 * step is reached (NULLs never collide on any of the three dialects). `data` (the request, the
 * CSRF values, the login and consent results) is sealed with AES-256-GCM. A consent given with
 * `remember` is found again by (subject, client_id, consent_remember) to skip the consent UI.
 *
 * hydra_oauth2_code: a code is keyed by a hash of its signature, like access tokens; `active`
 * turns 0 on first redemption so that a replay is recognised (RFC 6749 §4.1.2) and can revoke
 * what the code issued, found through request_id.
 */
const flowColumns = (text: string) => `
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    login_challenge VARCHAR(96) NOT NULL,
    login_verifier VARCHAR(96),
    consent_challenge VARCHAR(96),
    consent_verifier VARCHAR(96),
    state VARCHAR(32) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    subject VARCHAR(255),
    consent_remember SMALLINT NOT NULL DEFAULT 0,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    data ${text} NOT NULL`;

const codeColumns = (text: string) => `
    signature VARCHAR(96) NOT NULL PRIMARY KEY,
    request_id VARCHAR(64) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    active SMALLINT NOT NULL,
    session_data ${text} NOT NULL`;

const STEP_COLUMNS = ['login_challenge', 'login_verifier', 'consent_challenge', 'consent_verifier'];

const portableUp = [
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_flow (${flowColumns('TEXT')}
  )`,
  ...STEP_COLUMNS.map((c) => `CREATE UNIQUE INDEX IF NOT EXISTS hydra_oauth2_flow_${c}_idx ON hydra_oauth2_flow (${c})`),
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_flow_expires_idx ON hydra_oauth2_flow (expires_at)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_flow_remembered_idx ON hydra_oauth2_flow (subject, client_id, consent_remember)',
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_code (${codeColumns('TEXT')}
  )`,
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_code_expires_idx ON hydra_oauth2_code (expires_at)',
];

const down = ['DROP TABLE IF EXISTS hydra_oauth2_code', 'DROP TABLE IF EXISTS hydra_oauth2_flow'];

export const oauth2FlowAndCode: Migration = {
  version: '20261123000020_oauth2_flow_and_code',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_flow (${flowColumns('MEDIUMTEXT')},
        ${STEP_COLUMNS.map((c) => `UNIQUE INDEX hydra_oauth2_flow_${c}_idx (${c})`).join(',\n        ')},
        INDEX hydra_oauth2_flow_expires_idx (expires_at),
        INDEX hydra_oauth2_flow_remembered_idx (subject, client_id, consent_remember)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_code (${codeColumns('MEDIUMTEXT')},
        INDEX hydra_oauth2_code_expires_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
