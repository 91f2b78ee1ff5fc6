import type { Migration } from './migration.js';

/**
 * Refresh tokens (hydra_oauth2_refresh), keyed like access tokens by a SHA-384 hash of the
 * token's HMAC signature: the token itself is never stored (RFC 6819 §4.5.2). `active` is 1 for
 * a live token, 0 once rotated (its reuse is then detected) and -1 once revoked; `first_used_at`
 * and `used_times` record a rotation so that a grace period can be honoured (Hydra's
 * `gracefulRefreshRotation`). `expires_at` is NULL for a token that never expires (lifespan
 * -1); a rotated token's expiry is moved to 30 minutes on, as Hydra does, so that the janitor
 * keeps it for reuse detection and prunes it afterwards. `access_token_signature` names the
 * access token issued with it, which a graceful rotation revokes alone.
 */
const columns = (text: string) => `
    signature VARCHAR(96) NOT NULL PRIMARY KEY,
    request_id VARCHAR(64) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    granted_scope ${text} NOT NULL,
    granted_audience ${text} NOT NULL,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT,
    active SMALLINT NOT NULL,
    first_used_at BIGINT,
    used_times INTEGER NOT NULL DEFAULT 0,
    access_token_signature VARCHAR(96),
    session_data ${text} NOT NULL`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_refresh (${columns('TEXT')}
  )`,
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_refresh_client_idx ON hydra_oauth2_refresh (client_id)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_refresh_request_idx ON hydra_oauth2_refresh (request_id)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_refresh_expires_idx ON hydra_oauth2_refresh (expires_at)',
];

const down = ['DROP TABLE IF EXISTS hydra_oauth2_refresh'];

export const oauth2RefreshTokens: Migration = {
  version: '20261123000030_oauth2_refresh_tokens',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_refresh (${columns('MEDIUMTEXT')},
        INDEX hydra_oauth2_refresh_client_idx (client_id),
        INDEX hydra_oauth2_refresh_request_idx (request_id),
        INDEX hydra_oauth2_refresh_expires_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
