/**
 * `serve all` as an operator runs it: with Hydra's telemetry opt-outs (--sqa-opt-out and
 * SQA_OPT_OUT), logs on stdout in Hydra's default text format with request_id= on each request
 * line, the leak_sensitive_values warning, and the metrics endpoint. One process, over a SQLite
 * file that already holds the run's signing keys (seeded-sqlite.ts: nothing here is about the
 * database, and a DSN=memory start would generate two RSA keys); the JSON format is covered in-process.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serveTessera } from '../support/process.js';
import { seededSqlite } from '../support/seeded-sqlite.js';

const SECRET = 'cli-test-system-secret-0123456789';

describe('serve: telemetry flags, log format and metrics', () => {
  it('runs with --sqa-opt-out, logs text lines with request ids and serves /admin/metrics/prometheus', async (t) => {
    const database = await seededSqlite(SECRET);
    t.after(() => database.remove());
    const env = { DSN: database.dsn, SECRETS_SYSTEM: SECRET, LOG_LEVEL: 'info', SQA_OPT_OUT: 'true', LOG_LEAK_SENSITIVE_VALUES: 'true' };
    const { server, adminUrl } = await serveTessera(['all', '--dev', '--sqa-opt-out'], env);
    try {
      const scrape = await fetch(`${adminUrl}/admin/metrics/prometheus`, { headers: { 'x-request-id': 'cli-scrape-1' } });
      assert.equal(scrape.status, 200);
      assert.equal(scrape.headers.get('x-request-id'), 'cli-scrape-1');
      assert.match(await scrape.text(), /^http_requests_total\{listener="admin",method="GET",endpoint="\/admin\/health\/alive",code="200"\} \d+$/m);
    } finally {
      assert.equal((await server.stop('SIGTERM')).code, 0, server.output());
    }
    const line = server.stdout.split('\n').find((candidate) => candidate.includes('request_id=cli-scrape-1') && candidate.includes('msg="request completed"'));
    assert.ok(line, server.output());
    assert.match(line, /^time=\S+ level=info msg="request completed" listener=admin request_id=cli-scrape-1 res=/);
    assert.match(server.stdout, /level=warning msg="log.leak_sensitive_values is set, but Tessera never logs/);
  });
});
