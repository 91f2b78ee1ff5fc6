/**
 * DSN=memory migrates itself at `serve all` (nothing else can migrate a database that lives in
 * the server's process). Apart from migrator.test.ts, whose cases run once per database: this
 * one does the same whatever the test databases are.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.js';

describe('DSN=memory', () => {
  let close: (() => Promise<void>) | undefined;
  after(async () => close?.());

  it('migrates itself at serve all', async () => {
    const server = await startTestServer({ dsn: 'memory' });
    close = () => server.close();
    await server.registry.migrator.assertCurrent();
    const response = await fetch(`${server.adminUrl}/health/ready`);
    assert.equal(response.status, 200);
  });
});
