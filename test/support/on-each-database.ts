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
 */
import { after, before, describe } from 'node:test';
import type * as oauth from 'oauth4webapi';
import type { OAuth2Api } from '@ory/hydra-client';
import type { Dialect } from '../../src/persistence/dsn.js';
import { createTestDatabase, testDialects, type TestDatabase } from './databases.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';
import { discover } from './discover.js';
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
}

export type ServerOptions = Omit<TestServerOptions, 'dsn'>;

export function describeOnEachDatabase(name: string, options: ServerOptions, suite: (ctx: DatabaseContext) => void): void {
  for (const dialect of testDialects()) {
    describe(`${name} on ${dialect}`, () => {
      const clock = { offsetMs: 0 };
      let state: Omit<DatabaseContext, 'dialect' | 'clock'> | undefined;
      let database: TestDatabase | undefined;
      let server: TestServer | undefined;
      const started = (): Omit<DatabaseContext, 'dialect' | 'clock'> => {
        if (!state) throw new Error(`the ${dialect} test server is not started yet: read the context inside a hook or a test`);
        return state;
      };
      before(async () => {
        database = await createTestDatabase(dialect);
        server = await startTestServer({ now: () => Date.now() + clock.offsetMs, ...options, dsn: database.dsn });
        state = { database, server, as: await discover(server), sdk: sdk(server) };
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
      });
      after(async () => {
        await server?.close();
        await database?.drop();
      });
    });
  }
}
