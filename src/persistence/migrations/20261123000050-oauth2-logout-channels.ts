import type { Migration } from './migration.js';

/**
 * Which clients took part in which login session, for OpenID Connect Front-Channel Logout 1.0 §4
 * and Back-Channel Logout 1.0 §2.5 (src/flow/channel-logout/). The OP must notify "each RP that
 * the End-User is logged into" within the session that ends: a row is written when a client is
 * issued a code in login session `sid`, keyed (sid, client_id) so that a second flow of the same
 * client in the same session adds nothing. `subject` is the `sub` that client was given in its ID
 * token, so a logout token can repeat it. Hydra finds these through hydra_oauth2_flow's
 * login_session_id; Tessera's flow row seals the sid inside `data`, so it is recorded here.
 * Rows are deleted when the session's logout notifications are sent, which makes them at most once.
 */
const columns = `
    sid VARCHAR(64) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (sid, client_id)`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_session_client (${columns}
  )`,
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_session_client_created_idx ON hydra_oauth2_session_client (created_at)',
];

const down = ['DROP TABLE IF EXISTS hydra_oauth2_session_client'];

export const oauth2LogoutChannels: Migration = {
  version: '20261123000050_oauth2_logout_channels',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_session_client (${columns},
        INDEX hydra_oauth2_session_client_created_idx (created_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
