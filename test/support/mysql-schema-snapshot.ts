/**
 * The migrated MySQL (MariaDB) schema, taken once per test run and replayed into each new test
 * database that a test only needs migrated (server.ts `migrateDatabase`). Why: on MariaDB the
 * migrations take 1.5 to 2.5 s of wall time per database (one implicit commit per DDL statement,
 * ALTER TABLE rebuilds for the client-cascade foreign keys), almost all of it waiting on InnoDB's
 * flushes (0.2 s of server CPU); CI makes about 80 such databases. Replaying the final tables
 * takes 0.3 to 0.7 s.
 *
 * The snapshot is MariaDB's own account of a database that the real Migrator has just migrated:
 * SHOW CREATE TABLE of every table (columns, types, generated columns, indexes, foreign keys,
 * engine, charset and collation) and the rows the migrations wrote (schema_migration, the JWK lock
 * row). Anything SHOW CREATE TABLE does not carry (a trigger, view, routine or event) means no
 * snapshot: every database is then migrated for real. After a replay the Migrator still runs and
 * finds nothing pending. The tests of migrating itself (migrator.test.ts, serve-migrate.test.ts,
 * client-cascade.test.ts) call the Migrator directly and never see a snapshot.
 *
 * Taken by the first test process that needs it and shared with the run's others (run-shared.ts).
 */
import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Migrator } from '../../src/persistence/migrator.js';
import { runShared } from './run-shared.js';

/** The statements that rebuild the migrated schema in an empty database, in order; null: migrate instead. */
type Snapshot = { statements: string[] } | { statements: null; reason: string };

/** The Migrator's lock (src/persistence/migration-lock.ts): one schema writer at a time, as there. */
const MYSQL_LOCK_NAME = 'tessera_schema_migration';

let taken: Promise<Snapshot> | undefined;

function snapshot(server: string): Promise<Snapshot> {
  taken ??= runShared('mysql-schema', () => take(server));
  return taken;
}

/** Migrates a scratch database on `server` with the real Migrator, reads it back, and drops it. */
async function take(server: string): Promise<Snapshot> {
  const name = `tessera_test_schema_${randomBytes(6).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  const admin = await connect(server);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const database = openDatabase(parseDsn(url.toString()));
      try {
        await new Migrator(database).up();
      } finally {
        await database.close();
      }
      return await readBack(admin, name);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    }
  } finally {
    await admin.end();
  }
}

async function readBack(admin: Connection, schema: string): Promise<Snapshot> {
  const count = async (query: string) => Number((await rows(admin, query, [schema]))[0]?.n ?? 0);
  const others = {
    trigger: await count('SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?'),
    view: await count(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'BASE TABLE'`),
    routine: await count('SELECT COUNT(*) AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?'),
    event: await count('SELECT COUNT(*) AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?'),
  };
  const found = Object.entries(others).filter(([, n]) => n > 0);
  if (found.length > 0) return { statements: null, reason: `the migrated schema has ${found.map(([kind, n]) => `${n} ${kind}(s)`).join(', ')}` };

  const statements: string[] = [];
  const tables = await rows(admin, `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`, [schema]);
  for (const { name } of tables) {
    const [created] = await rows(admin, `SHOW CREATE TABLE ${admin.escapeId(schema)}.${admin.escapeId(String(name))}`);
    statements.push(String(created!['Create Table']));
  }
  for (const { name } of tables) {
    // Generated columns are computed by the server and may not be inserted.
    const columns = (
      await rows(admin, `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER' ORDER BY ORDINAL_POSITION`, [schema, name])
    ).map((column) => String(column.name));
    const content = await rows(admin, `SELECT ${columns.map((c) => admin.escapeId(c)).join(', ')} FROM ${admin.escapeId(schema)}.${admin.escapeId(String(name))}`);
    if (content.length === 0) continue;
    statements.push(admin.format('INSERT INTO ?? (??) VALUES ?', [name, columns, content.map((row) => columns.map((c) => row[c]))]));
  }
  return { statements };
}

/**
 * Rebuilds the migrated schema in the database at `target` (parseDsn's mysql://user:pass@host:port/db)
 * when it is empty; returns false (the caller migrates) when it is not empty or there is no snapshot.
 */
export async function replayMysqlSchema(target: string): Promise<boolean> {
  // The scratch database is made on the same server, as the same user (the test databases' creator).
  const server = new URL(target);
  server.pathname = '/';
  const { statements } = await snapshot(server.toString());
  if (!statements) return false;
  const connection = await connect(target, true);
  try {
    const [lock] = await rows(connection, 'SELECT GET_LOCK(?, 300) AS got', [MYSQL_LOCK_NAME]);
    if (Number(lock?.got) !== 1) return false;
    try {
      const [tables] = await rows(connection, 'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
      if (Number(tables?.n) !== 0) return false;
      // The tables name each other in foreign keys; they are created in name order.
      await connection.query(['SET FOREIGN_KEY_CHECKS = 0', ...statements, 'SET FOREIGN_KEY_CHECKS = 1'].join(';\n'));
      return true;
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [MYSQL_LOCK_NAME]);
    }
  } finally {
    await connection.end();
  }
}

async function connect(uri: string, multipleStatements = false): Promise<Connection> {
  // Values come back as the server wrote them (no Date or Number conversion), so that the
  // INSERT statements put back exactly what the migrations stored.
  return createConnection({ uri, multipleStatements, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, connectTimeout: 5000 });
}

async function rows(connection: Connection, query: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const [result] = await connection.query(query, values);
  return result as Record<string, unknown>[];
}
