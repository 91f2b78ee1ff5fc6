/**
 * `npm run bench`: client-credentials issuance (opaque and JWT), introspection and the whole
 * authorization code flow, Tessera on PostgreSQL (default durability) against node-oidc-provider
 * in memory, both measured in the same run over loopback; then Tessera's cold start, its resident
 * memory, and introspection as the token tables grow. Tessera checks the client secret on every
 * request (its PBKDF2 verification is remembered per process, as docs/design.md describes; none is
 * skipped). BENCH_SCENARIOS picks a subset (scenarios.ts); settings.ts lists the other knobs.
 */
import pg from 'pg';
import { exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';
import { measure, type LoadSpec } from './load.js';
import { stop, waitFor } from './processes.js';
import { closeConnections } from './http-client.js';
import { residentMegabytes } from './memory.js';
import { startPeer } from './peer-process.js';
import { amountRow, loadRow, printTable, type Row } from './report.js';
import { selectedScenarios, type Scenario } from './scenarios.js';
import { databaseUrl, loadSpec, settings } from './settings.js';
import { migrate, startTessera } from './tessera-process.js';
import { codeFlowRows } from './flow-scenario.js';
import { coldStartRows } from './start-scenario.js';
import { tableGrowthRows } from './rows-scenario.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: settings.adminDatabase });
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
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
    body: 'grant_type=client_credentials&scope=read',
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token from ${url}: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function createClient(adminUrl: string, id: string, strategy: 'opaque' | 'jwt'): Promise<void> {
  const response = await fetch(`${adminUrl}/admin/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: id,
      client_secret: `${id}-secret`,
      grant_types: ['client_credentials'],
      scope: 'read',
      access_token_strategy: strategy,
    }),
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
  const selected = selectedScenarios();
  const keys = await signingKeys();
  const jwks = { keys: [keys.rsa, keys.ec] };
  const dbName = `tessera_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${dbName}`));
  const dsn = databaseUrl(dbName, '?sslmode=disable&max_conns=20');
  const secretsSystem = randomBytes(24).toString('hex');
  const sections = new Map<Scenario, Row[]>();
  const notes: string[] = [];
  let tessera: Awaited<ReturnType<typeof startTessera>> | undefined;
  let peer: Awaited<ReturnType<typeof startPeer>> | undefined;
  try {
    await migrate(dsn);
    tessera = await startTessera(dsn, secretsSystem);
    peer = await startPeer(jwks);
    const { publicUrl: tesseraPublic, adminUrl: tesseraAdmin } = tessera;
    const peerUrl = peer.url;
    await waitFor(`${tesseraPublic}/health/ready`);
    await waitFor(peer.readyUrl);
    const rss = async () => [await residentMegabytes(tessera!.child.pid), await residentMegabytes(peer!.child.pid)] as const;
    // Idle: both servers up a second, nothing asked of them yet but their readiness.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = await rss();
    await createClient(tesseraAdmin, 'bench-opaque', 'opaque');
    await createClient(tesseraAdmin, 'bench-jwt', 'jwt');
    await putKey(tesseraAdmin, keys.rsa);
    const cc = (base: string, path: string, id: string, secret: string) =>
      loadSpec(`${base}${path}`, 'grant_type=client_credentials&scope=read', { authorization: basic(id, secret) });
    // CPU per answer of each server (and of Tessera's PostgreSQL backends), transactions per answer.
    const oursCosted = (spec: LoadSpec): LoadSpec => ({
      ...spec,
      serverPid: tessera!.child.pid,
      databaseMarker: dbName,
      transactions: () => committedTransactions(dbName),
    });
    const peerCosted = (spec: LoadSpec): LoadSpec => ({ ...spec, serverPid: peer!.child.pid });
    const both = async (name: string, ours: string, theirs: string) =>
      loadRow(
        name,
        await measure(oursCosted(cc(tesseraPublic, '/oauth2/token', ours, `${ours}-secret`))),
        await measure(peerCosted(cc(peerUrl, '/token', theirs, `${theirs}-secret`))),
      );
    if (selected.has('start')) {
      const started = await coldStartRows({ dsn, secretsSystem, emptyDatabase: `${dbName}_nokeys`, jwks });
      sections.set('start', started.rows);
      notes.push(...started.notes);
    }
    if (selected.has('cc')) {
      const rows = [
        await both('client credentials (opaque)', 'bench-opaque', 'bench-opaque'),
        await both('client credentials (JWT RS256-4096)', 'bench-jwt', 'bench-jwt'),
      ];
      // The newest key of hydra.jwt.access-token signs, as in Hydra: installing a P-256 key switches Tessera to ES256.
      await putKey(tesseraAdmin, keys.ec);
      rows.push(await both('client credentials (JWT ES256)', 'bench-jwt', 'bench-jwt-es256'));
      sections.set('cc', rows);
    }
    if (selected.has('rss')) {
      const loaded = selected.has('cc') ? await rss() : undefined;
      sections.set('rss', [
        amountRow('idle RSS after start', idle[0], idle[1], 'MB'),
        loaded
          ? amountRow('RSS after client credentials', loaded[0], loaded[1], 'MB')
          : amountRow('RSS after client credentials', undefined, 'n/a (add cc to BENCH_SCENARIOS)', 'MB'),
      ]);
    }
    if (selected.has('introspect')) {
      const ours = await token(`${tesseraPublic}/oauth2/token`, 'bench-opaque', 'bench-opaque-secret');
      const theirs = await token(`${peerUrl}/token`, 'bench-opaque', 'bench-opaque-secret');
      sections.set('introspect', [
        loadRow(
          'introspection',
          await measure(oursCosted(loadSpec(`${tesseraAdmin}/admin/oauth2/introspect`, `token=${ours}`))),
          await measure(
            peerCosted(
              loadSpec(`${peerUrl}/token/introspection`, `token=${theirs}`, {
                authorization: basic('bench-opaque', 'bench-opaque-secret'),
              }),
            ),
          ),
        ),
      ]);
    }
    if (selected.has('flow')) sections.set('flow', await codeFlowRows({ publicUrl: tesseraPublic, adminUrl: tesseraAdmin }, peerUrl));
    if (selected.has('rows')) {
      // Issued last, so that its row is the newest: the one the generated rows copy.
      const live = await token(`${tesseraPublic}/oauth2/token`, 'bench-opaque', 'bench-opaque-secret');
      const grown = await tableGrowthRows(databaseUrl(dbName), `${tesseraAdmin}/admin/oauth2/introspect`, live);
      sections.set('rows', grown.rows);
      notes.push(...grown.notes);
    }
    const order: Scenario[] = ['cc', 'introspect', 'flow', 'start', 'rss', 'rows'];
    printTable(
      `${settings.connections} connections, ${settings.flowConcurrency} code flows in flight, ${settings.seconds} s after ${settings.warmupSeconds} s warm-up; Tessera on PostgreSQL, peer node-oidc-provider in memory`,
      order.flatMap((scenario) => sections.get(scenario) ?? []),
      [...notes, 'ratio: Tessera ÷ peer; above 1 favours Tessera for throughput, below 1 for time and memory'],
    );
  } finally {
    await Promise.all([tessera && stop(tessera.child), peer && stop(peer.child)]);
    closeConnections();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

main().catch((error) => {
  process.stderr.write(`benchmark failed: ${(error as Error).message}\n`);
  process.exit(1);
});
