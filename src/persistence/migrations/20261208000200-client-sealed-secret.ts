import type { Migration } from './migration.js';

/**
 * The client secret sealed with AES-256-GCM under secrets.system (crypto/aead.ts), for clients whose
 * token_endpoint_auth_method is client_secret_jwt only: RFC 7523 §2.2 keys an HMAC with the plain
 * secret, which the slow hash in secret_hash cannot give back. NULL for every other client. A column
 * of its own beside secret_hash (Hydra has no such column: it refuses client_secret_jwt).
 *
 * SQLite and PostgreSQL run a migration in one transaction, so the ADD COLUMN is undone with its
 * bookkeeping; MySQL cannot roll DDL back, so there the column is added only when absent.
 */
const mysqlColumn = `SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'hydra_client' AND COLUMN_NAME = 'sealed_secret'`;

/** MySQL has no ADD/DROP COLUMN IF [NOT] EXISTS: the statement runs only when the count says so. */
const mysqlIf = (when: 'absent' | 'present', statement: string) => [
  `SET @tessera_ddl = IF((${mysqlColumn}) ${when === 'absent' ? '>' : '='} 0, 'DO 0', '${statement}')`,
  'PREPARE tessera_ddl FROM @tessera_ddl',
  'EXECUTE tessera_ddl',
  'DEALLOCATE PREPARE tessera_ddl',
];

export const clientSealedSecret: Migration = {
  version: '20261208000200_client_sealed_secret',
  up: {
    sqlite: ['ALTER TABLE hydra_client ADD COLUMN sealed_secret TEXT NULL'],
    postgres: ['ALTER TABLE hydra_client ADD COLUMN IF NOT EXISTS sealed_secret TEXT NULL'],
    mysql: mysqlIf('absent', 'ALTER TABLE hydra_client ADD COLUMN sealed_secret TEXT NULL'),
  },
  down: {
    sqlite: ['ALTER TABLE hydra_client DROP COLUMN sealed_secret'],
    postgres: ['ALTER TABLE hydra_client DROP COLUMN IF EXISTS sealed_secret'],
    mysql: mysqlIf('present', 'ALTER TABLE hydra_client DROP COLUMN sealed_secret'),
  },
};
