import { it } from 'node:test';
import assert from 'node:assert/strict';
import { json } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Migrator } from '../../src/persistence/migrator.js';

describeOnEachDatabase('health and routing', {}, (ctx) => {
  it('answers alive and ready on both listeners, with and without the admin prefix', async () => {
    for (const url of [
      `${ctx.server.publicUrl}/health/alive`,
      `${ctx.server.publicUrl}/health/ready`,
      `${ctx.server.adminUrl}/health/alive`,
      `${ctx.server.adminUrl}/health/ready`,
      `${ctx.server.adminUrl}/admin/health/ready`,
    ]) {
      const response = await fetch(url);
      assert.equal(response.status, 200, url);
      assert.deepEqual(await json(response), { status: 'ok' });
    }
  });

  it('reports its version on the admin listener only', async () => {
    const admin = await fetch(`${ctx.server.adminUrl}/version`);
    assert.equal(admin.status, 200);
    assert.match((await json(admin)).version, /^\d+\.\d+\.\d+/);
    const publicVersion = await fetch(`${ctx.server.publicUrl}/version`);
    assert.equal(publicVersion.status, 404);
  });

  it('answers unknown paths with 404 JSON in the OAuth error shape', async () => {
    const response = await fetch(`${ctx.server.publicUrl}/no/such/path`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const body = await json(response);
    assert.equal(body.error, 'not_found');
    assert.equal(body.status_code, 404);
  });

  it('never mounts admin routes on the public listener', async () => {
    for (const path of ['/admin/clients', '/clients', '/admin/keys/hydra.openid.id-token']) {
      const response = await fetch(`${ctx.server.publicUrl}${path}`);
      assert.equal(response.status, 404, path);
    }
  });
});

describeOnEachDatabase('readiness follows the schema', {}, (ctx) => {
  it('turns 503, naming "migrate sql up", when the schema falls behind, and 200 once migrated again', async () => {
    const other = openDatabase(parseDsn(ctx.database.dsn));
    try {
      const migrator = new Migrator(other);
      await migrator.down();
      const response = await fetch(`${ctx.server.adminUrl}/health/ready`);
      assert.equal(response.status, 503);
      const body = await json(response);
      assert.match(body.errors.database, /migrate sql up/);
      assert.equal((await fetch(`${ctx.server.adminUrl}/health/alive`)).status, 200, 'alive stays 200');
      await migrator.up();
      assert.equal((await fetch(`${ctx.server.adminUrl}/health/ready`)).status, 200);
    } finally {
      await other.close();
    }
  });
});
