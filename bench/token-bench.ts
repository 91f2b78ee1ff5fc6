/**
 * `npm run bench`: client-credentials issuance (opaque and JWT) and introspection, Tessera on
 * PostgreSQL (default durability) against node-oidc-provider in memory, both measured in the
 * same run over loopback with autocannon. Tessera checks the client secret on every request
 * (its PBKDF2 verification is remembered per process, as docs/design.md describes; none is skipped).
 */
import pg from 'pg';
import { exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';
import { measure, type LoadResult } from './load.js';
import { freePort, startProcess, stop, waitFor } from './processes.js';

const ADMIN_DB = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CLI = 'dist/src/cli/main.js';
/** BENCH_ONLY: run only the scenarios whose name contains one of these comma-separated words. */
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const selected = (name: string) => ONLY.length === 0 || ONLY.some((word) => name.includes(word));

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DB });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** pg_stat_database's commit count, after the statistics of the last second have been flushed. */
async function committedTransactions(database: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return withAdmin(async (c) => {
    await c.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await c.query('SELECT xact_commit FROM pg_stat_database WHERE datname = $1', [database]);
    return Number(rows[0]?.xact_commit ?? 0);
  });
}

async function token(url: string, id: string, secret: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { ...form, authorization: basic(id, secret) }, body: 'grant_type=client_credentials&scope=read' });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token from ${url}: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function createClient(adminUrl: string, id: string, strategy: 'opaque' | 'jwt'): Promise<void> {
  const response = await fetch(`${adminUrl}/admin/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: id, client_secret: `${id}-secret`, grant_types: ['client_credentials'], scope: 'read', access_token_strategy: strategy }),
  });
  if (response.status !== 201) throw new Error(`creating ${id}: ${response.status} ${await response.text()}`);
}

/** Private JWKs for both servers: RSA-4096 (Hydra's auto-generated size) and P-256. */
async function signingKeys() {
  const rsa = await exportJWK((await generateKeyPair('RS256', { modulusLength: 4096, extractable: true })).privateKey);
  const ec = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  return { rsa: { ...rsa, alg: 'RS256', use: 'sig', kid: 'bench-rs256' }, ec: { ...ec, alg: 'ES256', use: 'sig', kid: 'bench-es256' } };
}

async function putKey(adminUrl: string, jwk: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${adminUrl}/admin/keys/hydra.jwt.access-token/${jwk.kid}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(jwk),
  });
  if (response.status !== 200) throw new Error(`installing ${jwk.kid}: ${response.status} ${await response.text()}`);
}

async function main(): Promise<void> {
  const keys = await signingKeys();
  const dbName = `tessera_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${dbName}`));
  const dsn = `${ADMIN_DB.replace(/\/[^/]*$/, `/${dbName}`)}?sslmode=disable&max_conns=20`;
  const [publicPort, adminPort, peerPort] = [await freePort(), await freePort(), await freePort()];
  const migrate = startProcess([CLI, 'migrate', 'sql', 'up', '--yes', dsn]);
  await new Promise((resolve) => migrate.once('exit', resolve));
  // BENCH_TESSERA_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server under load.
  const nodeOptions = (process.env.BENCH_TESSERA_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const tessera = startProcess([...nodeOptions, CLI, 'serve', 'all', '--dev'], {
    DSN: dsn,
    SECRETS_SYSTEM: randomBytes(24).toString('hex'),
    SERVE_PUBLIC_PORT: String(publicPort),
    SERVE_ADMIN_PORT: String(adminPort),
    SERVE_PUBLIC_HOST: '127.0.0.1',
    SERVE_ADMIN_HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
  });
  const peer = startProcess(['dist/bench/peer-oidc-provider.js', String(peerPort)], { PEER_JWKS: JSON.stringify({ keys: [keys.rsa, keys.ec] }) });
  const tesseraPublic = `http://127.0.0.1:${publicPort}`;
  const tesseraAdmin = `http://127.0.0.1:${adminPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  try {
    await waitFor(`${tesseraPublic}/health/ready`);
    await waitFor(`${peerUrl}/.well-known/openid-configuration`);
    await createClient(tesseraAdmin, 'bench-opaque', 'opaque');
    await createClient(tesseraAdmin, 'bench-jwt', 'jwt');
    await putKey(tesseraAdmin, keys.rsa);
    const spec = (url: string, body: string, headers: Record<string, string>) => ({
      url,
      body,
      headers: { ...form, ...headers },
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      serverPid: url.startsWith(peerUrl) ? peer.pid : tessera.pid,
      ...(url.startsWith(peerUrl) ? {} : { databaseMarker: dbName, transactions: () => committedTransactions(dbName) }),
    });
    const cc = (base: string, path: string, id: string, secret: string) => spec(`${base}${path}`, 'grant_type=client_credentials&scope=read', { authorization: basic(id, secret) });
    const rows: [string, LoadResult, LoadResult][] = [];
    const both = async (name: string, ours: string, theirs: string) => {
      if (selected(name)) rows.push([name, await measure(cc(tesseraPublic, '/oauth2/token', ours, `${ours}-secret`)), await measure(cc(peerUrl, '/token', theirs, `${theirs}-secret`))]);
    };
    await both('client credentials (opaque)', 'bench-opaque', 'bench-opaque');
    await both('client credentials (JWT RS256-4096)', 'bench-jwt', 'bench-jwt');
    // The newest key of hydra.jwt.access-token signs, as in Hydra: installing a P-256 key switches Tessera to ES256.
    await putKey(tesseraAdmin, keys.ec);
    await both('client credentials (JWT ES256)', 'bench-jwt', 'bench-jwt-es256');
    if (selected('introspection')) {
      const ours = await token(`${tesseraPublic}/oauth2/token`, 'bench-opaque', 'bench-opaque-secret');
      const theirs = await token(`${peerUrl}/token`, 'bench-opaque', 'bench-opaque-secret');
      rows.push([
        'introspection',
        await measure(spec(`${tesseraAdmin}/admin/oauth2/introspect`, `token=${ours}`, {})),
        await measure(spec(`${peerUrl}/token/introspection`, `token=${theirs}`, { authorization: basic('bench-opaque', 'bench-opaque-secret') })),
      ]);
    }
    print(rows);
  } finally {
    await Promise.all([stop(tessera), stop(peer)]);
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

function print(rows: [string, LoadResult, LoadResult][]): void {
  const cpu = (r: LoadResult) =>
    (r.cpuMicrosPerRequest === undefined ? '' : `  ${r.cpuMicrosPerRequest.toFixed(0).padStart(4)} µs cpu`) +
    (r.databaseCpuMicrosPerRequest === undefined ? '' : ` +${r.databaseCpuMicrosPerRequest.toFixed(0).padStart(3)} db`) +
    (r.transactionsPerRequest === undefined ? '' : ` ${r.transactionsPerRequest.toFixed(3)} tx`);
  const fmt = (r: LoadResult) => `${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms${cpu(r)}${r.errors ? `  (${r.errors} errors)` : ''}`;
  process.stdout.write(`\n${CONNECTIONS} connections, ${SECONDS} s after ${WARMUP} s warm-up; Tessera on PostgreSQL, peer node-oidc-provider in memory\n\n`);
  process.stdout.write(`${'scenario'.padEnd(36)}${'Tessera'.padEnd(72)}${'node-oidc-provider'.padEnd(72)}ratio\n`);
  for (const [name, ours, peer] of rows) {
    const ratio = peer.requestsPerSecond > 0 ? (ours.requestsPerSecond / peer.requestsPerSecond).toFixed(2) : 'n/a';
    process.stdout.write(`${name.padEnd(36)}${fmt(ours).padEnd(72)}${fmt(peer).padEnd(72)}${ratio}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`benchmark failed: ${(error as Error).message}\n`);
  process.exit(1);
});
