/**
 * ttl.refresh_token: -1 written as a YAML number, as Hydra's schema allows it (spec/config.json:
 * a duration, or -1 / "-1"), on each database: a refresh token issued under it never expires
 * (fosite sets no expiry when the lifespan is -1), so it still refreshes, and introspects active
 * without `exp`, ten years on (clock injected, not slept); the access token beside it still expires.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { createClient } from '../flow/support.js';
import { REDIRECT, codeFlowTokens, introspect, refreshRaw, type FlowClient } from '../flow/offline-grant.js';

const TEN_YEARS = 10 * 365 * 24 * 3_600_000;
const app: FlowClient = { id: 'forever-app', secret: 'forever-secret' };

const dir = mkdtempSync(join(tmpdir(), 'tessera-ttl-'));
const file = join(dir, 'hydra.yml');

describeOnEachDatabase(
  'ttl.refresh_token -1',
  {
    files: [file],
    setup: () => writeFileSync(file, 'ttl:\n  refresh_token: -1\nurls:\n  login: http://login.test/login\n  consent: http://login.test/consent\n'),
  },
  (ctx) => {
    before(async () => {
      await createClient(ctx.server, {
        client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
        scope: 'openid offline_access', redirect_uris: [REDIRECT],
      });
    });

    it('loads -1 as "never expires" and issues refresh tokens that outlive any clock', async () => {
      assert.equal(ctx.server.registry.config.ttl.refresh_token, '-1');
      const first = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access');
      const fresh = await introspect(ctx.server, first.refresh_token!);
      assert.equal(fresh.active, true);
      assert.equal(fresh.exp, undefined, 'no expiry to report');
      ctx.clock.offsetMs = TEN_YEARS;
      try {
        assert.equal((await introspect(ctx.server, first.access_token)).active, false, 'the access token keeps ttl.access_token');
        const later = await introspect(ctx.server, first.refresh_token!);
        assert.equal(later.active, true, JSON.stringify(later));
        const refreshed = await refreshRaw(ctx.server, app, first.refresh_token!);
        assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
        const next = await introspect(ctx.server, refreshed.body.refresh_token);
        assert.equal(next.active, true);
        assert.equal(next.exp, undefined, 'the rotated token never expires either');
      } finally {
        ctx.clock.offsetMs = 0;
      }
    });
  },
);

after(() => rmSync(dir, { recursive: true, force: true }));
