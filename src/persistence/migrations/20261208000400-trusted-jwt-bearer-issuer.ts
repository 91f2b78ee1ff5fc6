import type { Migration } from './migration.js';

/**
 * Trust relationships of the RFC 7523 JWT-bearer grant (Hydra's hydra_oauth2_trusted_jwt_bearer_issuer,
 * migrations 20211226155900000000_grant_jwk_bearer, 20220328111500000000_support_any_subject_trusts,
 * 20250520000001000000 for the unique index): an issuer whose assertions Tessera accepts, for one
 * subject or any (allow_any_subject), the scopes it may ask for, and the public key that verifies
 * its signature, until expires_at.
 *
 * Adapted to Tessera's conventions: times are epoch ms in BIGINT, the scope a JSON list (Hydra:
 * pipe-delimited), allow_any_subject 0/1 so that the three dialects agree, and the public key is
 * kept in the row as JSON (key_data) instead of in hydra_jwk (src/oauth2/trust/trusted-issuer.ts
 * says why). key_set stays, holding the issuer as Hydra reports it. One relationship per issuer,
 * subject and key id, as Hydra's unique index (key_id first, as its 2025 index orders them);
 * `subject` is '' when allow_any_subject is set.
 */
const columns = (text: string) => `
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    issuer VARCHAR(255) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    allow_any_subject SMALLINT NOT NULL,
    scope ${text} NOT NULL,
    key_set VARCHAR(255) NOT NULL,
    key_id VARCHAR(255) NOT NULL,
    key_data ${text} NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL`;

const TABLE = 'hydra_oauth2_trusted_jwt_bearer_issuer';

const portableUp = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns('TEXT')},
    CONSTRAINT ${TABLE}_uq UNIQUE (key_id, issuer, subject)
  )`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_issuer_idx ON ${TABLE} (issuer)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_expires_at_idx ON ${TABLE} (expires_at)`,
];

const down = [`DROP TABLE IF EXISTS ${TABLE}`];

export const trustedJwtBearerIssuer: Migration = {
  version: '20261208000400_trusted_jwt_bearer_issuer',
  up: {
    sqlite: portableUp,
    postgres: portableUp,
    mysql: [
      `CREATE TABLE IF NOT EXISTS ${TABLE} (${columns('TEXT')},
      UNIQUE INDEX ${TABLE}_uq (key_id, issuer, subject),
      INDEX ${TABLE}_issuer_idx (issuer),
      INDEX ${TABLE}_expires_at_idx (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ],
  },
  down: { sqlite: down, postgres: down, mysql: down },
};
