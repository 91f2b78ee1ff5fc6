import type { Migration } from './migration.js';

/**
 * RP-initiated logout requests (OpenID Connect RP-Initiated Logout 1.0 §2, src/flow/logout-*.ts).
 * As for login and consent, only SHA-384 hashes of the challenge and verifier are stored (RFC 6819
 * §4.5.2), each UNIQUE; `state` moves by compare-and-set so both are single use. `data` holds the
 * request (subject, sid, client, post-logout URL, state) as JSON; it names no secret.
 *
 * hydra_oauth2_login_revocation: the remembered login lives in a sealed cookie, so revoking login
 * sessions (admin DELETE /admin/oauth2/auth/sessions/login) records the sid, or the subject and
 * the time: a cookie naming that sid, or that subject and set before then, no longer skips.
 */
const columns = (text: string) => `
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    challenge VARCHAR(96) NOT NULL,
    verifier VARCHAR(96),
    state VARCHAR(32) NOT NULL,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    data ${text} NOT NULL`;

const revocationColumns = `
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    subject VARCHAR(255),
    sid VARCHAR(64),
    revoked_at BIGINT NOT NULL`;

const portableUp = [
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_logout_request (${columns('TEXT')}
  )`,
  'CREATE UNIQUE INDEX IF NOT EXISTS hydra_oauth2_logout_request_challenge_idx ON hydra_oauth2_logout_request (challenge)',
  'CREATE UNIQUE INDEX IF NOT EXISTS hydra_oauth2_logout_request_verifier_idx ON hydra_oauth2_logout_request (verifier)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_logout_request_expires_idx ON hydra_oauth2_logout_request (expires_at)',
  `CREATE TABLE IF NOT EXISTS hydra_oauth2_login_revocation (${revocationColumns})`,
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_login_revocation_subject_idx ON hydra_oauth2_login_revocation (subject)',
  'CREATE INDEX IF NOT EXISTS hydra_oauth2_login_revocation_sid_idx ON hydra_oauth2_login_revocation (sid)',
];

const down = ['DROP TABLE IF EXISTS hydra_oauth2_login_revocation', 'DROP TABLE IF EXISTS hydra_oauth2_logout_request'];

export const oauth2Logout: Migration = {
  version: '20261123000040_oauth2_logout',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_logout_request (${columns('MEDIUMTEXT')},
        UNIQUE INDEX hydra_oauth2_logout_request_challenge_idx (challenge),
        UNIQUE INDEX hydra_oauth2_logout_request_verifier_idx (verifier),
        INDEX hydra_oauth2_logout_request_expires_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS hydra_oauth2_login_revocation (${revocationColumns},
        INDEX hydra_oauth2_login_revocation_subject_idx (subject),
        INDEX hydra_oauth2_login_revocation_sid_idx (sid)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
