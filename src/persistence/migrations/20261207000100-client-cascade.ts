import type { Migration } from './migration.js';

/**
 * What a client holds dies with it, as in Hydra, whose migrations declare the client_id of every
 * hydra_oauth2_* table a foreign key to hydra_client ON DELETE CASCADE (persistence/sql/migrations/
 * 20190400000009000000_oauth2.*, 20190300000007000000_consent.*, 20190300000010000000_consent.*):
 * access and refresh tokens, codes, login/consent flows (and so their consent-session rows), logout
 * requests and the channel-logout enrolment. Deleting a client is then one statement, atomic on
 * every database, and a row written by a request that raced the deletion is refused by the
 * database instead of outliving its client (persistence/foreign-key-violation.ts maps the refusal).
 *
 * - Rows of clients deleted before this migration are removed first: they would violate the keys,
 *   and they are exactly the grants that should have died with their client.
 * - The logout request names its client only inside its JSON `data`: PostgreSQL and MySQL derive
 *   Hydra's client_id column from it (a stored generated column, so no code writes it twice).
 * - PostgreSQL and MySQL get real foreign keys; MySQL's DDL is not transactional, so each change
 *   is made only when absent and a re-run converges. SQLite cannot add a foreign key or a column
 *   idempotently without rebuilding the table, which would copy every token and drop any column
 *   another migration added first; triggers behave the same instead, whatever PRAGMA foreign_keys
 *   (Hydra's `_fk=true`) says: an AFTER DELETE trigger cascades inside the deleting statement, and
 *   BEFORE INSERT triggers refuse an orphan under SQLite's single writer.
 */
const CLIENT_TABLES = ['hydra_oauth2_access', 'hydra_oauth2_refresh', 'hydra_oauth2_code', 'hydra_oauth2_flow', 'hydra_oauth2_session_client'];
const LOGOUT = 'hydra_oauth2_logout_request';
const CONSENT = 'hydra_oauth2_consent_session';
/** What the cascade searches by; access and refresh have had a client_id index from the start. */
const NEW_INDEXES: [table: string, name: string][] = [
  ['hydra_oauth2_code', 'hydra_oauth2_code_client_idx'],
  ['hydra_oauth2_flow', 'hydra_oauth2_flow_client_idx'],
  ['hydra_oauth2_session_client', 'hydra_oauth2_session_client_client_idx'],
  [LOGOUT, `${LOGOUT}_client_idx`],
];
/** The message SQLite's guard triggers abort with; foreign-key-violation.ts recognises it. */
export const SQLITE_ORPHAN_MESSAGE = 'FOREIGN KEY constraint failed: no such hydra_client';

const noClient = (clientId: string) => `NOT EXISTS (SELECT 1 FROM hydra_client c WHERE c.id = ${clientId})`;
const orphanDeletes = (logoutClient: string) => [
  `DELETE FROM ${CONSENT} WHERE NOT EXISTS (SELECT 1 FROM hydra_oauth2_flow f INNER JOIN hydra_client c ON c.id = f.client_id WHERE f.id = ${CONSENT}.flow_id)`,
  ...CLIENT_TABLES.map((table) => `DELETE FROM ${table} WHERE ${noClient(`${table}.client_id`)}`),
  `DELETE FROM ${LOGOUT} WHERE ${logoutClient} IS NOT NULL AND ${noClient(logoutClient)}`,
];

const foreignKeys: [table: string, name: string, clause: string][] = [
  ...[...CLIENT_TABLES, LOGOUT].map((table): [string, string, string] => [table, `${table}_client_id_fk`, 'FOREIGN KEY (client_id) REFERENCES hydra_client (id) ON DELETE CASCADE']),
  [CONSENT, `${CONSENT}_flow_id_fk`, 'FOREIGN KEY (flow_id) REFERENCES hydra_oauth2_flow (id) ON DELETE CASCADE'],
];

const postgresUp = [
  `ALTER TABLE ${LOGOUT} ADD COLUMN IF NOT EXISTS client_id VARCHAR(255) GENERATED ALWAYS AS ((data::json)->>'clientId') STORED`,
  ...orphanDeletes(`${LOGOUT}.client_id`),
  ...NEW_INDEXES.map(([table, name]) => `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (client_id)`),
  // PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS: dropping first, in the same transaction, converges.
  ...foreignKeys.flatMap(([table, name, clause]) => [`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${name}`, `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${clause}`]),
];

const postgresDown = [
  ...foreignKeys.map(([table, name]) => `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${name}`),
  ...NEW_INDEXES.map(([, name]) => `DROP INDEX IF EXISTS ${name}`),
  `ALTER TABLE ${LOGOUT} DROP COLUMN IF EXISTS client_id`,
];

/**
 * Runs `statement` only when `countQuery` finds nothing (`'absent'`) or something (`'present'`):
 * MySQL has no IF [NOT] EXISTS for columns, indexes or foreign keys. The migrator runs every
 * statement on one connection, which keeps the session variable and the prepared statement.
 */
const mysqlIf = (when: 'absent' | 'present', countQuery: string, statement: string) => [
  `SET @tessera_ddl = IF((${countQuery}) ${when === 'absent' ? '>' : '='} 0, 'DO 0', '${statement.replaceAll("'", "''")}')`,
  'PREPARE tessera_ddl FROM @tessera_ddl',
  'EXECUTE tessera_ddl',
  'DEALLOCATE PREPARE tessera_ddl',
];
const inSchema = (view: string, table: string, condition: string) =>
  `SELECT COUNT(*) FROM information_schema.${view} WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}' AND ${condition}`;
const mysqlColumn = inSchema('COLUMNS', LOGOUT, `COLUMN_NAME = 'client_id'`);
const mysqlIndex = (table: string, name: string) => inSchema('STATISTICS', table, `INDEX_NAME = '${name}'`);
const mysqlConstraint = (table: string, name: string) => inSchema('TABLE_CONSTRAINTS', table, `CONSTRAINT_NAME = '${name}'`);

const mysqlUp = [
  ...mysqlIf('absent', mysqlColumn, `ALTER TABLE ${LOGOUT} ADD COLUMN client_id VARCHAR(255) AS (JSON_UNQUOTE(JSON_EXTRACT(data, '$.clientId'))) STORED`),
  ...orphanDeletes(`${LOGOUT}.client_id`),
  ...NEW_INDEXES.flatMap(([table, name]) => mysqlIf('absent', mysqlIndex(table, name), `CREATE INDEX ${name} ON ${table} (client_id)`)),
  ...foreignKeys.flatMap(([table, name, clause]) => mysqlIf('absent', mysqlConstraint(table, name), `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${clause}`)),
];

const mysqlDown = [
  ...foreignKeys.flatMap(([table, name]) => mysqlIf('present', mysqlConstraint(table, name), `ALTER TABLE ${table} DROP FOREIGN KEY ${name}`)),
  ...NEW_INDEXES.flatMap(([table, name]) => mysqlIf('present', mysqlIndex(table, name), `DROP INDEX ${name} ON ${table}`)),
  ...mysqlIf('present', mysqlColumn, `ALTER TABLE ${LOGOUT} DROP COLUMN client_id`),
];

const SQLITE_LOGOUT_CLIENT = `json_extract(data, '$.clientId')`;
const clientOf = (table: string) => (table === LOGOUT ? SQLITE_LOGOUT_CLIENT : 'client_id');
const guard = (table: string, refused: string) =>
  `CREATE TRIGGER IF NOT EXISTS ${table}_client_guard BEFORE INSERT ON ${table} WHEN ${refused}
   BEGIN SELECT RAISE(ABORT, '${SQLITE_ORPHAN_MESSAGE}'); END`;

const sqliteUp = [
  ...orphanDeletes(`json_extract(${LOGOUT}.data, '$.clientId')`),
  ...NEW_INDEXES.map(([table, name]) => `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${clientOf(table)})`),
  `CREATE TRIGGER IF NOT EXISTS hydra_client_delete_cascade AFTER DELETE ON hydra_client
   BEGIN
     DELETE FROM ${CONSENT} WHERE flow_id IN (SELECT id FROM hydra_oauth2_flow WHERE client_id = OLD.id);
     ${[...CLIENT_TABLES, LOGOUT].map((table) => `DELETE FROM ${table} WHERE ${clientOf(table)} = OLD.id;`).join('\n     ')}
   END`,
  ...CLIENT_TABLES.map((table) => guard(table, noClient('NEW.client_id'))),
  guard(LOGOUT, `json_extract(NEW.data, '$.clientId') IS NOT NULL AND ${noClient(`json_extract(NEW.data, '$.clientId')`)}`),
  guard(CONSENT, 'NOT EXISTS (SELECT 1 FROM hydra_oauth2_flow f WHERE f.id = NEW.flow_id)'),
];

const sqliteDown = [
  'DROP TRIGGER IF EXISTS hydra_client_delete_cascade',
  ...[...CLIENT_TABLES, LOGOUT, CONSENT].map((table) => `DROP TRIGGER IF EXISTS ${table}_client_guard`),
  ...NEW_INDEXES.map(([, name]) => `DROP INDEX IF EXISTS ${name}`),
];

export const clientCascade: Migration = {
  version: '20261207000100_client_cascade',
  up: { sqlite: sqliteUp, postgres: postgresUp, mysql: mysqlUp },
  down: { sqlite: sqliteDown, postgres: postgresDown, mysql: mysqlDown },
};
