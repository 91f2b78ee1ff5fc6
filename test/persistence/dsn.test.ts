import { parse as parseConnectionString } from 'pg-connection-string';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DsnError, parseDsn, redact } from '../../src/persistence/dsn.js';

function refusal(dsn: string | undefined): string {
  try {
    parseDsn(dsn);
  } catch (error) {
    assert.ok(error instanceof DsnError, String(error));
    return error.message;
  }
  assert.fail(`expected ${dsn} to be refused`);
}

describe('DSN parsing (Hydra syntax)', () => {
  it('memory is an in-process SQLite', () => {
    assert.deepEqual(parseDsn('memory'), { dialect: 'sqlite', target: ':memory:', memory: true, pool: {}, redacted: 'memory' });
  });

  it('sqlite:///abs/path?_fk=true is a file, the Go options dropped', () => {
    const dsn = parseDsn('sqlite:///var/lib/tessera/db.sqlite?_fk=true');
    assert.equal(dsn.dialect, 'sqlite');
    assert.equal(dsn.target, '/var/lib/tessera/db.sqlite');
    assert.equal(dsn.memory, false);
  });

  it('sqlite://file:... is a file, or memory with mode=memory', () => {
    assert.equal(parseDsn('sqlite://file:/tmp/hydra.sqlite?_fk=true').target, '/tmp/hydra.sqlite');
    assert.equal(parseDsn('sqlite://./db.sqlite?_fk=true').target, './db.sqlite');
    const shared = parseDsn('sqlite://file:abc.sqlite?_fk=true&mode=memory&cache=shared');
    assert.equal(shared.memory, true);
    assert.equal(shared.target, ':memory:');
    assert.equal(parseDsn('sqlite3:///tmp/x.db').target, '/tmp/x.db');
  });

  it('sslmode=require means what it means to Hydra (libpq): encrypted, the certificate not verified', () => {
    const dsn = parseDsn('postgres://hydra:secret@db.example:5432/hydra?sslmode=require');
    const config = parseConnectionString(dsn.target) as { ssl?: { rejectUnauthorized?: boolean } };
    assert.equal(config.ssl?.rejectUnauthorized, false);
    const full = parseConnectionString(parseDsn('postgres://h:s@db.example/hydra?sslmode=verify-full').target) as { ssl?: { rejectUnauthorized?: boolean } };
    assert.notEqual(full.ssl?.rejectUnauthorized, false);
  });

  it('postgres:// keeps sslmode for the driver and takes the pool options out', () => {
    const dsn = parseDsn(
      'postgres://hydra:secret@db.example:5432/hydra?sslmode=disable&max_conns=20&max_idle_conns=4&max_conn_lifetime=1h&max_conn_idle_time=30s',
    );
    assert.equal(dsn.dialect, 'postgres');
    assert.equal(dsn.target, 'postgres://hydra:secret@db.example:5432/hydra?sslmode=disable');
    assert.deepEqual(dsn.pool, { maxConnections: 20, maxIdleConnections: 4, maxLifetimeMs: 3_600_000, idleTimeoutMs: 30_000 });
    assert.equal(dsn.memory, false);
  });

  it('postgresql:// and a DSN without a query work too', () => {
    assert.equal(parseDsn('postgresql://u@localhost/db').target, 'postgres://u@localhost/db');
  });

  it('cockroach:// speaks PostgreSQL', () => {
    const dsn = parseDsn('cockroach://root@127.0.0.1:26257/defaultdb?sslmode=disable&max_conns=5');
    assert.equal(dsn.dialect, 'postgres');
    assert.equal(dsn.target, 'postgres://root@127.0.0.1:26257/defaultdb?sslmode=disable');
    assert.equal(dsn.pool.maxConnections, 5);
  });

  it('mysql:// in Go syntax: user:pass@tcp(host:port)/db?parseTime=true', () => {
    const dsn = parseDsn('mysql://root:secret@tcp(mysqld:3306)/mysql?parseTime=true&max_conns=10');
    assert.equal(parseDsn('mysql://root:p@ss@tcp(db:3306)/hydra').target, 'mysql://root:p@ss@db:3306/hydra');
    assert.equal(dsn.dialect, 'mysql');
    assert.equal(dsn.target, 'mysql://root:secret@mysqld:3306/mysql');
    assert.equal(dsn.pool.maxConnections, 10);
    assert.equal(dsn.redacted, 'mysql://root:***@tcp(mysqld:3306)/mysql?parseTime=true&max_conns=10');
  });

  it('mysql:// in URL syntax: user:pass@host:port/db', () => {
    const dsn = parseDsn('mysql://root:secret@127.0.0.1:3306/hydra');
    assert.equal(dsn.dialect, 'mysql');
    assert.equal(dsn.target, 'mysql://root:secret@127.0.0.1:3306/hydra');
  });

  it('refuses an unknown scheme, naming the ones it knows', () => {
    const message = refusal('mongodb://user:hunter2@host/db');
    assert.match(message, /unknown scheme/);
    assert.match(message, /postgres:\/\//);
    assert.doesNotMatch(message, /hunter2/);
    assert.match(refusal('nonsense'), /unknown scheme/);
  });

  it('refuses a missing DSN, naming the variable', () => {
    assert.match(refusal(undefined), /DSN/);
    assert.match(refusal(''), /DSN/);
  });

  it('refuses bad pool options, without the password', () => {
    const message = refusal('postgres://u:hunter2@h/db?max_conns=lots');
    assert.match(message, /max_conns/);
    assert.doesNotMatch(message, /hunter2/);
    assert.match(refusal('postgres://u:p@h/db?max_conn_lifetime=forever'), /max_conn_lifetime|forever/);
  });

  it('redacts the password in every printable form', () => {
    for (const [input, expected] of [
      ['postgres://hydra:secret@db:5432/hydra', 'postgres://hydra:***@db:5432/hydra'],
      ['mysql://root:secret@tcp(db:3306)/hydra', 'mysql://root:***@tcp(db:3306)/hydra'],
      ['postgres://hydra@db/hydra', 'postgres://hydra@db/hydra'],
      ['postgres://hydra:p%40ss@db/hydra', 'postgres://hydra:***@db/hydra'],
      ['mysql://root:p@ss@tcp(db:3306)/hydra', 'mysql://root:***@tcp(db:3306)/hydra'],
    ]) {
      assert.equal(redact(input!), expected, input);
    }
    assert.equal(parseDsn('postgres://hydra:secret@db:5432/hydra?sslmode=disable').redacted, 'postgres://hydra:***@db:5432/hydra?sslmode=disable');
  });
});
