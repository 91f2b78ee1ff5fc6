import type { Migration } from './migration.js';

/**
 * Two nullable columns of hydra_client, as Hydra keeps them beside the client:
 *
 * - `rotated_secrets`: a JSON array of the slow hashes of the secrets a rotation replaced (Hydra
 *   migration 20260122110909000000_client_rotated_secrets; POST /admin/clients/{id}/secrets/rotate).
 *   They still authenticate the client until removed; never part of the client's JSON.
 * - `registration_access_token_signature`: the SHA-384 of the HMAC signature of the client's RFC 7592
 *   registration access token (Hydra migration 20211226156000000000_dynamic_registration stores the
 *   signature itself; a hash of it is stored here, as for every other token, RFC 6819 §4.5.2).
 *
 * Each statement runs only while its column is absent (present, going down), so that a migration
 * re-run after its bookkeeping row was lost converges: PostgreSQL says IF NOT EXISTS; SQLite and
 * MySQL have no such clause for columns, so the migrator (SQLite: pragma_table_info) or a prepared
 * statement (MySQL) asks first.
 */
const TABLE = 'hydra_client';
const COLUMNS: ReadonlyArray<readonly [name: string, type: string]> = [
  ['rotated_secrets', 'TEXT NULL'],
  ['registration_access_token_signature', 'VARCHAR(128) NULL'],
];

const mysqlIf = (when: 'absent' | 'present', column: string, statement: string) => [
  `SET @tessera_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${TABLE}' AND COLUMN_NAME = '${column}') ${when === 'absent' ? '>' : '='} 0, 'DO 0', '${statement}')`,
  'PREPARE tessera_ddl FROM @tessera_ddl',
  'EXECUTE tessera_ddl',
  'DEALLOCATE PREPARE tessera_ddl',
];

const sqliteColumn = (column: string) => `SELECT 1 FROM pragma_table_info('${TABLE}') WHERE name = '${column}'`;

export const clientRotatedSecrets: Migration = {
  version: '20261208000300_client_rotated_secrets',
  up: {
    sqlite: COLUMNS.map(([name, type]) => ({ sql: `ALTER TABLE ${TABLE} ADD COLUMN ${name} ${type}`, unless: sqliteColumn(name) })),
    postgres: COLUMNS.map(([name, type]) => `ALTER TABLE ${TABLE} ADD COLUMN IF NOT EXISTS ${name} ${type}`),
    mysql: COLUMNS.flatMap(([name, type]) => mysqlIf('absent', name, `ALTER TABLE ${TABLE} ADD COLUMN ${name} ${type}`)),
  },
  down: {
    sqlite: COLUMNS.map(([name]) => ({
      sql: `ALTER TABLE ${TABLE} DROP COLUMN ${name}`,
      unless: `SELECT 1 WHERE NOT EXISTS (${sqliteColumn(name)})`,
    })),
    postgres: COLUMNS.map(([name]) => `ALTER TABLE ${TABLE} DROP COLUMN IF EXISTS ${name}`),
    mysql: COLUMNS.flatMap(([name]) => mysqlIf('present', name, `ALTER TABLE ${TABLE} DROP COLUMN ${name}`)),
  },
};
