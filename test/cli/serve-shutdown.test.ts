import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request, type IncomingMessage } from 'node:http';
import { pino } from 'pino';
import { ListenerGate } from '../../src/http/listener/listener-gate.js';
import { freePort, hasStackTrace, spawnTessera } from '../support/process.js';
import { seededSqlite } from '../support/seeded-sqlite.js';

const SECRET = 'cli-test-system-secret-0123456789';

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    response.on('end', () => resolve(body));
    response.on('error', reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown', () => {
  it('on SIGTERM finishes a request whose body is still arriving, refuses new connections, then exits 0', async (t) => {
    // Over a SQLite file that already holds the run's signing keys (seeded-sqlite.ts): shutdown is
    // what is tested, and a DSN=memory start generates two RSA keys first.
    const database = await seededSqlite(SECRET);
    t.after(() => database.remove());
    const adminUrl = `http://127.0.0.1:${await freePort()}`;
    const server = spawnTessera(['serve', 'all', '--dev'], {
      DSN: database.dsn,
      SECRETS_SYSTEM: SECRET,
      LOG_LEVEL: 'info',
      SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_PUBLIC_PORT: String(await freePort()),
      SERVE_ADMIN_HOST: '127.0.0.1',
      SERVE_ADMIN_PORT: adminUrl.split(':').pop()!,
    });
    try {
      await server.waitFor(`${adminUrl}/health/alive`, 120_000);
      const body = JSON.stringify({ client_id: 'in-flight-at-sigterm', client_name: 'created while shutting down' });
      const half = Math.floor(body.length / 2);
      let answered!: (value: { status: number; body: string; connection?: string }) => void;
      const response = new Promise<{ status: number; body: string; connection?: string }>((resolve) => (answered = resolve));
      const inFlight = request(`${adminUrl}/admin/clients`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, async (res) => answered({ status: res.statusCode ?? 0, body: await readBody(res), connection: res.headers.connection }));
      inFlight.on('error', (error) => answered({ status: 0, body: String(error) }));
      inFlight.write(body.slice(0, half));
      // Wait until the server has routed the request (its access log names it): headers in, body half-sent.
      const deadline = Date.now() + 60_000;
      while (!/incoming request.*\/admin\/clients/.test(server.stdout + server.stderr) && Date.now() < deadline) await pause(50);
      assert.match(server.stdout + server.stderr, /incoming request.*\/admin\/clients/, 'the request reached the server');

      server.child.kill('SIGTERM');
      await pause(700);
      assert.ok(server.running, `the process waits for the request in flight:\n${server.output()}`);
      await assert.rejects(fetch(`${adminUrl}/health/alive`), 'no new connection is accepted during shutdown');

      inFlight.end(body.slice(half));
      const done = await response;
      assert.equal(done.status, 201, done.body);
      assert.equal(JSON.parse(done.body).client_id, 'in-flight-at-sigterm');
      assert.equal(done.connection, 'close');
      const exit = await server.exited;
      assert.equal(exit.code, 0, server.output());
      assert.match(server.stdout + server.stderr, /SIGTERM received/);
      assert.ok(!hasStackTrace(server.stdout + server.stderr), server.output());
    } finally {
      await server.stop('SIGKILL');
    }
  });

  it('answers a request that arrives on a kept-alive connection during shutdown with 503 in Hydra\'s error shape', async () => {
    const gate = new ListenerGate({ kind: 'plain', reason: 'dev' }, pino({ level: 'silent' }), 'public');
    const httpServer = gate.serverFactory((_req, res) => res.end('{"status":"ok"}'), {});
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as { port: number };
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; body: string; headers: IncomingMessage['headers']; socket: unknown }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/health/alive', agent }, async (res) => {
          resolve({ status: res.statusCode ?? 0, body: await readBody(res), headers: res.headers, socket: req.socket });
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const first = await get();
      assert.equal(first.status, 200);
      gate.beginShutdown();
      const late = await get();
      assert.equal(late.socket, first.socket, 'the same kept-alive connection');
      assert.equal(late.status, 503);
      assert.equal(late.headers.connection, 'close');
      assert.match(late.headers['content-type'] ?? '', /^application\/json/);
      const error = JSON.parse(late.body);
      assert.equal(error.error, 'temporarily_unavailable');
      assert.equal(error.status_code, 503);
      assert.match(error.error_hint, /shutting down/);
    } finally {
      agent.destroy();
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });
});
