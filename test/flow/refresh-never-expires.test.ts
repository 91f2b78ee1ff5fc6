/**
 * ttl.refresh_token: -1 written as a YAML number, as Hydra's schema allows it (spec/config.json:
 * a duration, or -1 / "-1"), on each database: a refresh token issued under it never expires
 * (fosite sets no expiry when the lifespan is -1), so it still refreshes, and introspects active
 * without `exp`, ten years on (clock injected, not slept); the access token beside it still expires.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as oauth from 'oauth4webapi';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createClient, discover } from './support.js';
import { REDIRECT, codeFlowTokens, introspect, refreshRaw, type FlowClient } from './offline-grant.js';

const TEN_YEARS = 10 * 365 * 24 * 3_600_000;
const app: FlowClient = { id: 'forever-app', secret: 'forever-secret' };

for (const dialect of testDialects()) {
  describe(`ttl.refresh_token -1 on ${dialect}`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let as: oauth.AuthorizationServer;
    let offset = 0;
    const dir = mkdtempSync(join(tmpdir(), 'tessera-ttl-'));
    before(async () => {
      const file = join(dir, 'hydra.yml');
      writeFileSync(file, 'ttl:\n  refresh_token: -1\nurls:\n  login: http://login.test/login\n  consent: http://login.test/consent\n');
      database = await createTestDatabase(dialect);
      server = await startTestServer({ dsn: database.dsn, files: [file], now: () => Date.now() + offset });
      as = await discover(server);
      await createClient(server, {
        client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
        scope: 'openid offline_access', redirect_uris: [REDIRECT],
      });
    });
    after(async () => {
      await server?.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads -1 as "never expires" and issues refresh tokens that outlive any clock', async () => {
      assert.equal(server.registry.config.ttl.refresh_token, '-1');
      const first = await codeFlowTokens(server, as, app, 'openid offline_access');
      const fresh = await introspect(server, first.refresh_token!);
      assert.equal(fresh.active, true);
      assert.equal(fresh.exp, undefined, 'no expiry to report');
      offset = TEN_YEARS;
      try {
        assert.equal((await introspect(server, first.access_token)).active, false, 'the access token keeps ttl.access_token');
        const later = await introspect(server, first.refresh_token!);
        assert.equal(later.active, true, JSON.stringify(later));
        const refreshed = await refreshRaw(server, app, first.refresh_token!);
        assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
        const next = await introspect(server, refreshed.body.refresh_token);
        assert.equal(next.active, true);
        assert.equal(next.exp, undefined, 'the rotated token never expires either');
      } finally {
        offset = 0;
      }
    });
  });
}
