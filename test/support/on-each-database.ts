/**
 * The per-database harness, written once (as kysely's `initTest`): for each database of
 * TEST_DATABASES, a describe block named `<name> on <dialect>` whose `before` creates a fresh
 * database, starts a real Tessera on it and discovers it, and whose `after` closes the server and
 * drops the database. The suite reads what it needs from the context once `before` has run;
 * reading it earlier (while tests are being declared) throws, so a mistake cannot go unnoticed.
 *
 * The harness's `before` is registered ahead of the suite's own hooks and its `after` behind them
 * (node:test runs hooks in the order they were registered): a suite's `before` finds the server
 * running (to register clients), and a suite's `after` closes what it opened on top of the server
 * (a receiver, a connection pool) before the server closes and the database is dropped.
 *
 * A suite that needs more than a server on a fresh database says so in its options: `setup` runs
 * once the database exists and before the server starts (a config file to write, a receiver to
 * start), and may return server options that depend on what it set up (the receiver's URL);
 * `errorLog` gives the server a logger that keeps its error-level lines (`ctx.errorLog`), one per
 * database; `ctx.restart(overrides)` closes the server and starts another on the same database
 * (the options with `overrides` laid over them), as an operator's restart does.
 */
import { after, before, describe } from 'node:test';
import type * as oauth from 'oauth4webapi';
import type { OAuth2Api } from '@ory/hydra-client';
import type { Dialect } from '../../src/persistence/dsn.js';
import { createTestDatabase, testDialects, type TestDatabase } from './databases.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';
import { discover } from './discover.js';
import { captureErrorLog, type LogCapture } from './error-log-capture.js';
import { sdk } from './sdk.js';

export interface DatabaseContext {
  readonly dialect: Dialect;
  readonly database: TestDatabase;
  readonly server: TestServer;
  /** The server's metadata as a relying party discovers it (introspection on the admin listener). */
  readonly as: oauth.AuthorizationServer;
  /** The official SDK on the server's admin listener. */
  readonly sdk: OAuth2Api;
  /**
   * The server's clock is the machine's shifted by `offsetMs` (0 until a test moves it), so that
   * expiry is tested without sleeping; ignored when the options bring their own `now`.
   */
  readonly clock: { offsetMs: number };
  /** The server's error-level log lines, with the `errorLog` option (reading it without throws). */
  readonly errorLog: LogCapture;
  /**
   * Closes the server and starts another on the same database (migrated again, as a restart
   * does), with the suite's options and `overrides` over them; the context then names the new
   * server, its metadata and its SDK.
   */
  restart(overrides?: ServerOptions): Promise<TestServer>;
}

export type ServerOptions = Omit<TestServerOptions, 'dsn'>;

export interface EachDatabaseOptions extends ServerOptions {
  /**
   * Runs once the database exists, before the server starts on it; the options it returns are laid
   * over the suite's (for this database, restarts included).
   */
  setup?: (database: TestDatabase, dialect: Dialect) => Promise<ServerOptions | void> | ServerOptions | void;
  /** A logger per database that keeps the server's error-level lines, read through `ctx.errorLog`. */
  errorLog?: boolean;
}

type Started = Pick<DatabaseContext, 'database' | 'server' | 'as' | 'sdk'>;

export function describeOnEachDatabase(name: string, options: EachDatabaseOptions, suite: (ctx: DatabaseContext) => void): void {
  const { setup, errorLog: wantsErrorLog, ...serverOptions } = options;
  for (const dialect of testDialects()) {
    describe(`${name} on ${dialect}`, () => {
      const clock = { offsetMs: 0 };
      let state: Started | undefined;
      let database: TestDatabase | undefined;
      let server: TestServer | undefined;
      let errorLog: LogCapture | undefined;
      let setUp: ServerOptions = {};
      const started = (): Started => {
        if (!state) throw new Error(`the ${dialect} test server is not started yet: read the context inside a hook or a test`);
        return state;
      };
      const start = async (db: TestDatabase, overrides: ServerOptions = {}): Promise<TestServer> => {
        const logger = errorLog ? { logger: errorLog.logger } : {};
        server = await startTestServer({
          now: () => Date.now() + clock.offsetMs,
          ...logger,
          ...serverOptions,
          ...setUp,
          ...overrides,
          dsn: db.dsn,
        });
        state = { database: db, server, as: await discover(server), sdk: sdk(server) };
        return server;
      };
      before(async () => {
        database = await createTestDatabase(dialect);
        if (wantsErrorLog) errorLog = captureErrorLog();
        setUp = (await setup?.(database, dialect)) ?? {};
        await start(database);
      });
      suite({
        dialect,
        clock,
        get database() {
          return started().database;
        },
        get server() {
          return started().server;
        },
        get as() {
          return started().as;
        },
        get sdk() {
          return started().sdk;
        },
        get errorLog() {
          if (!errorLog) throw new Error('ctx.errorLog needs the errorLog option of describeOnEachDatabase');
          return errorLog;
        },
        async restart(overrides) {
          const db = started().database;
          const running = server;
          state = undefined;
          server = undefined;
          await running?.close();
          return start(db, overrides);
        },
      });
      after(async () => {
        await server?.close();
        await database?.drop();
      });
    });
  }
}
