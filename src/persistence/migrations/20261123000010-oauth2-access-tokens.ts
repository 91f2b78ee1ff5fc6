import type { Migration } from './migration.js';

/**
 * Access tokens. A row is keyed by a hash of the token's signature (crypto/hmac-token.ts), never
 * the token; the session (claims the token carries) is sealed with AES-256-GCM when
 * oauth2.session.encrypt_at_rest is on. `active` is 0/1 so that the three dialects agree.
 */
const columns = (text: string) => `
    signature VARCHAR(96) NOT NULL PRIMARY KEY,
    request_id VARCHAR(64) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    granted_scope ${text} NOT NULL,
    granted_audience ${text} NOT NULL,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    active SMALLINT NOT NULL,
    session_data ${text} NOT NULL`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_access (${columns('TEXT')}
  )`,
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_access_client_idx ON hydra_oauth2_access (client_id)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_access_request_idx ON hydra_oauth2_access (request_id)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_access_expires_idx ON hydra_oauth2_access (expires_at)',
];

const down = ['DROP TABLE IF EXISTS hydra_oauth2_access'];

export const oauth2AccessTokens: Migration = {
  version: '20261123000010_oauth2_access_tokens',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_access (${columns('MEDIUMTEXT')},
        INDEX hydra_oauth2_access_client_idx (client_id),
        INDEX hydra_oauth2_access_request_idx (request_id),
        INDEX hydra_oauth2_access_expires_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
