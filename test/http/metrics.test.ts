/**
 * GET /admin/metrics/prometheus after real traffic: a token issued, a 404, a client read by id,
 * a login accepted and one rejected. The exposition is parsed and its counters checked by label;
 * the route label is the pattern (no id, no token); the pool gauges exist on PostgreSQL and
 * MySQL and not on SQLite. On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { json } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser, authorizeUrl, createClient, discover, pkce, sdk, startLogin } from '../flow/support.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const SECRET = 'metrics-client-secret-5f1e';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (comments skipped); label values hold no quote or comma here. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const found = samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, v]) => sample.labels[key] === v));
  return found?.value;
}

describeOnEachDatabase('Prometheus metrics', { env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' } }, (ctx) => {
  let accessToken: string;
  let exposition: string;
  let samples: Sample[];

  before(async () => {
    await createClient(ctx.server, {
      client_id: 'metrics-client',
      client_secret: SECRET,
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
      scope: 'openid',
      redirect_uris: [REDIRECT],
    });
    const token = await fetch(`${ctx.server.publicUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`metrics-client:${SECRET}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    assert.equal(token.status, 200);
    accessToken = (await json(token)).access_token;
    // A 404 whose path carries the token, a wrong secret, a client read by its id.
    assert.equal((await fetch(`${ctx.server.publicUrl}/oauth2/token/${accessToken}`)).status, 404);
    const wrong = await fetch(`${ctx.server.publicUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('metrics-client:wrong').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    assert.equal(wrong.status, 401);
    assert.equal((await fetch(`${ctx.server.adminUrl}/admin/clients/metrics-client`)).status, 200);
    // One login accepted (the v1 path, rewritten under /admin), one rejected.
    const as = await discover(ctx.server);
    const api = sdk(ctx.server);
    const { challenge } = await pkce();
    const params = { client_id: 'metrics-client', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456', code_challenge: challenge, code_challenge_method: 'S256' };
    const accepted = await startLogin(new Browser(), authorizeUrl(as, params));
    const v1Accept = await fetch(`${ctx.server.adminUrl}/oauth2/auth/requests/login/accept?login_challenge=${encodeURIComponent(accepted)}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: 'foo@bar.com' }),
    });
    assert.equal(v1Accept.status, 200);
    const rejected = await startLogin(new Browser(), authorizeUrl(as, params));
    await api.rejectOAuth2LoginRequest({ loginChallenge: rejected, rejectOAuth2Request: { error: 'access_denied' } });
    const scrape = await fetch(`${ctx.server.adminUrl}/admin/metrics/prometheus`);
    assert.equal(scrape.status, 200);
    assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    exposition = await scrape.text();
    samples = parseExposition(exposition);
  });

  it('counts requests per listener, method, route pattern and status', () => {
    assert.equal(value(samples, 'http_requests_total', { listener: 'public', method: 'POST', endpoint: '/oauth2/token', code: '200' }), 1);
    assert.equal(value(samples, 'http_requests_total', { listener: 'public', method: 'POST', endpoint: '/oauth2/token', code: '401' }), 1);
    assert.equal(value(samples, 'http_requests_total', { listener: 'public', method: 'GET', endpoint: 'unmatched', code: '404' }), 1);
    assert.equal(value(samples, 'http_requests_total', { listener: 'admin', method: 'GET', endpoint: '/admin/clients/:id', code: '200' }), 1);
    assert.equal(value(samples, 'http_requests_total', { listener: 'admin', method: 'POST', endpoint: '/admin/clients', code: '201' }), 1);
    assert.equal(value(samples, 'http_requests_duration_seconds_count', { listener: 'public', endpoint: '/oauth2/token', code: '200' }), 1);
    assert.ok((value(samples, 'http_requests_duration_seconds_sum', { listener: 'public', endpoint: '/oauth2/token', code: '200' }) ?? 0) > 0);
  });

  it('labels routes by their pattern: no id, challenge, secret or token reaches the exposition', () => {
    const endpoints = new Set(samples.filter((sample) => sample.name === 'http_requests_total').map((sample) => sample.labels.endpoint));
    for (const endpoint of endpoints) assert.ok(endpoint === 'unmatched' || endpoint!.startsWith('/'), endpoint);
    assert.ok(![...endpoints].some((endpoint) => endpoint!.includes('metrics-client')), 'the client id is not a label value');
    assert.ok(!exposition.includes(accessToken), 'the access token is not in the scrape');
    assert.ok(!exposition.includes(accessToken.split('.')[1]!), 'nor its signature');
    assert.ok(!exposition.includes(SECRET));
    assert.ok(!exposition.includes('state-123456'));
    assert.ok(!exposition.includes('login_challenge'));
  });

  it('counts tokens issued per grant type, and login decisions', () => {
    assert.equal(value(samples, 'tessera_oauth2_tokens_issued_total', { grant_type: 'client_credentials' }), 1, 'the 401 is not an issued token');
    assert.equal(value(samples, 'tessera_flow_outcomes_total', { flow: 'login', outcome: 'accepted' }), 1);
    assert.equal(value(samples, 'tessera_flow_outcomes_total', { flow: 'login', outcome: 'rejected' }), 1);
    assert.equal(value(samples, 'tessera_flow_outcomes_total', { flow: 'consent', outcome: 'accepted' }), undefined);
    assert.equal(value(samples, 'http_requests_total', { listener: 'admin', method: 'PUT', endpoint: '/admin/oauth2/auth/requests/login/accept', code: '200' }), 1);
  });

  it('exports the process metrics of this process', () => {
    assert.ok((value(samples, 'process_cpu_user_seconds_total', {}) ?? 0) > 0);
    assert.ok(samples.some((sample) => sample.name === 'nodejs_heap_size_used_bytes'));
  });

  it(ctx.dialect === 'sqlite' ? 'exports no pool gauges for SQLite' : 'exports the connection pool as gauges', () => {
    const open = value(samples, 'tessera_db_pool_open_connections', { dialect: ctx.dialect });
    if (ctx.dialect === 'sqlite') {
      assert.ok(!samples.some((sample) => sample.name.startsWith('tessera_db_pool_')));
      return;
    }
    assert.ok(open !== undefined && open >= 1, `open connections: ${open}`);
    const idle = value(samples, 'tessera_db_pool_idle_connections', { dialect: ctx.dialect });
    assert.ok(idle !== undefined && idle >= 0 && idle <= open);
    assert.equal(value(samples, 'tessera_db_pool_waiting_requests', { dialect: ctx.dialect }), 0);
    assert.equal(value(samples, 'tessera_db_pool_max_connections', { dialect: ctx.dialect }), 20);
  });

  it('serves the v1 path on the admin listener only, and counts each scrape', async () => {
    const v1 = await fetch(`${ctx.server.adminUrl}/metrics/prometheus`);
    assert.equal(v1.status, 200);
    const again = parseExposition(await v1.text());
    assert.equal(value(again, 'http_requests_total', { listener: 'admin', endpoint: '/admin/metrics/prometheus', code: '200' }), 1);
    assert.equal((await fetch(`${ctx.server.publicUrl}/metrics/prometheus`)).status, 404);
    assert.equal((await fetch(`${ctx.server.publicUrl}/admin/metrics/prometheus`)).status, 404);
  });
});
