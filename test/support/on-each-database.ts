/**
 * The per-database harness, written once (as kysely's `initTest`): for each database of
 * TEST_DATABASES, a describe block named `<name> on <dialect>` whose `before` creates a fresh
 * database, starts a real Tessera on it and discovers it, and whose `after` closes the server and
 * drops the database. The suite reads what it needs from the context once `before` has run;
 * reading it earlier (while tests are being declared) throws, so a mistake cannot go unnoticed.
 *
 * The context's `before` is registered ahead of the suite's own hooks, so a suite's `before` finds
 * the server running (to register clients), and its `after` runs once the server is closed.
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
}

export type ServerOptions = Omit<TestServerOptions, 'dsn'>;

export function describeOnEachDatabase(name: string, options: ServerOptions, suite: (ctx: DatabaseContext) => void): void {
  for (const dialect of testDialects()) {
    describe(`${name} on ${dialect}`, () => {
      let state: Omit<DatabaseContext, 'dialect'> | undefined;
      let database: TestDatabase | undefined;
      let server: TestServer | undefined;
      const started = (): Omit<DatabaseContext, 'dialect'> => {
        if (!state) throw new Error(`the ${dialect} test server is not started yet: read the context inside a hook or a test`);
        return state;
      };
      before(async () => {
        database = await createTestDatabase(dialect);
        server = await startTestServer({ ...options, dsn: database.dsn });
        state = { database, server, as: await discover(server), sdk: sdk(server) };
      });
      after(async () => {
        await server?.close();
        await database?.drop();
      });
      suite({
        dialect,
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
    });
  }
}
