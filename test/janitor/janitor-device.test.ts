/**
 * The janitor's device targets on each database: a device authorization and a verification-page
 * challenge stay while they can be used, and go once expired (janitor --requests), with the
 * janitor's clock moved instead of slept.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { JANITOR_TARGETS, runJanitor } from '../../src/janitor/janitor.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { createClient } from '../support/create-client.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { DEVICE_GRANT, authorizeDevice } from '../oauth2/device-support.js';

const MINUTE = 60_000;

describeOnEachDatabase('janitor targets for device codes', {}, (ctx) => {
  let sql: Database;
  const clean = (at: number) => runJanitor(sql, JANITOR_TARGETS.requests, { keepIfYoungerMs: 0, limit: 1000, batchSize: 10, now: () => at });

  before(async () => {
    sql = openDatabase(parseDsn(ctx.database.dsn));
    await createClient(ctx.server, { client_id: 'tv', client_secret: 'tv-secret', grant_types: [DEVICE_GRANT] });
  });
  after(async () => {
    await sql?.close();
  });

  it('keeps a device code and a challenge until they expire, then removes them', async () => {
    await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    const hop = await fetch(`${ctx.server.publicUrl}/oauth2/device/verify`, { redirect: 'manual' });
    assert.equal(hop.status, 302);
    const now = await clean(Date.now());
    assert.equal(now['device codes'], 0);
    assert.equal(now['device challenges'], 0);
    const later = await clean(Date.now() + 31 * MINUTE);
    assert.equal(later['device codes'], 1, 'ttl.device_user_code (10m) has passed');
    assert.equal(later['device challenges'], 1, 'ttl.login_consent_request (30m) has passed');
  });
});
