/**
 * The caching headers (Cache-Control, Pragma) of every route of both listeners, as the apps
 * recorded them (src/http/route-table.ts), pinned to what they were before the headers moved
 * into one hook per surface (src/http/surfaces/cache-policy.ts): each route is reached with a
 * minimal request in its own method, and a few routes also with a request that succeeds (a
 * token, userinfo, introspection, a client, a key set, an authorization redirect), because an
 * error answer goes through the error renderer and would not show a route's own policy.
 *
 * A route added later is reached without being named, and the test fails until its line is
 * added to EXPECTED: a new route's caching is then a decision, not an accident.
 *
 * RECORD_CACHE_HEADERS=1 prints the observed table instead of comparing it.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEachDatabase, type DatabaseContext } from '../support/on-each-database.js';
import { routeTable } from '../../src/http/route-table.js';

const CLIENT_ID = 'cache-headers-client';
const CLIENT_SECRET = 'cache-headers-secret-0123456789';
const KEY_SET = 'cache-headers-set';

/**
 * `status cache-control | pragma`, or `-` for a header that is absent. The lines marked "was"
 * changed on purpose when the policy became one hook per listener (src/http/surfaces/
 * cache-policy.ts): every admin answer, and every RP-initiated logout answer, now carries RFC 6749
 * §5.1's pair like the token and client answers already did. Each change only adds a header; no
 * answer became cacheable, and no route that sends its own policy changed.
 */
const EXPECTED: Record<string, string> = {
  'public POST /oauth2/token (client_credentials)': '200 no-store | no-cache',
  'public GET /userinfo (access token)': '200 no-store | no-cache',
  'public GET /oauth2/auth (valid request)': '302 no-store | no-cache',
  'public GET /oauth2/sessions/logout (no hint)': '302 no-store | no-cache', // was '302 no-store | -' (one policy per listener)
  'admin GET /admin/oauth2/auth/requests/login (challenge)': '200 no-store | no-cache', // was '200 no-store | -' (one policy per listener)
  'admin GET /admin/oauth2/auth/sessions/consent (subject)': '200 no-store | no-cache', // was '200 no-store | -' (one policy per listener)
  'admin DELETE /admin/oauth2/auth/sessions/login (subject)': '204 no-store | no-cache', // was '204 - | -' (one policy per listener)
  'public POST /oauth2/revoke (token)': '200 no-store | no-cache',
  'admin POST /admin/oauth2/introspect (token)': '200 no-store | no-cache',
  'admin GET /admin/clients/:id (exists)': '200 no-store | no-cache',
  'admin GET /admin/keys/:set (exists)': '200 no-store | no-cache', // was '200 no-store | -' (one policy per listener)
  'admin GET /clients (v1 path)': '200 no-store | no-cache',
  'public OPTIONS /oauth2/token (preflight)': '200 - | -',
  'public OPTIONS /oauth2/token': '200 - | -',
  'public OPTIONS /oauth2/revoke': '200 - | -',
  'public OPTIONS /.well-known/openid-configuration': '200 - | -',
  'public OPTIONS /.well-known/oauth-authorization-server': '200 - | -',
  'public OPTIONS /.well-known/jwks.json': '200 - | -',
  'public OPTIONS /userinfo': '200 - | -',
  'public GET /health/alive': '200 no-store | -',
  'public GET /health/ready': '200 no-store | -',
  'public GET /.well-known/openid-configuration': '200 no-store | -',
  'public GET /.well-known/oauth-authorization-server': '200 no-store | -',
  'public GET /.well-known/jwks.json': '200 no-store | -',
  'public POST /oauth2/token': '400 no-store | no-cache',
  'public POST /oauth2/revoke': '401 no-store | no-cache',
  'public GET /userinfo': '401 no-store | no-cache',
  'public POST /userinfo': '401 no-store | no-cache',
  'public GET /oauth2/auth': '302 no-store | no-cache',
  'public POST /oauth2/auth': '303 no-store | no-cache',
  'public GET /oauth2/fallbacks/login': '200 no-store | -',
  'public GET /oauth2/fallbacks/consent': '200 no-store | -',
  'public GET /oauth2/fallbacks/error': '200 no-store | -',
  'public GET /oauth2/sessions/logout': '302 no-store | no-cache', // was '302 no-store | -' (one policy per listener)
  'public POST /oauth2/sessions/logout': '303 no-store | no-cache', // was '303 no-store | -' (one policy per listener)
  'public GET /oauth2/fallbacks/logout': '200 no-store | -',
  'public GET /oauth2/fallbacks/logout/callback': '200 no-store | -',
  'admin GET /admin/health/alive': '200 no-store | -',
  'admin GET /admin/health/ready': '200 no-store | -',
  'admin GET /admin/version': '200 no-store | no-cache', // was '200 - | -' (one policy per listener)
  'admin GET /admin/metrics/prometheus': '200 no-store | no-cache', // was '200 no-store | -' (one policy per listener)
  'admin GET /admin/keys/:set': '200 no-store | no-cache', // was '200 no-store | -' (one policy per listener)
  'admin GET /admin/keys/:set/:kid': '404 no-store | no-cache',
  'admin POST /admin/keys/:set': '400 no-store | no-cache',
  'admin PUT /admin/keys/:set': '400 no-store | no-cache',
  'admin PUT /admin/keys/:set/:kid': '400 no-store | no-cache',
  'admin DELETE /admin/keys/:set': '204 no-store | no-cache', // was '204 - | -' (one policy per listener)
  'admin DELETE /admin/keys/:set/:kid': '204 no-store | no-cache', // was '204 - | -' (one policy per listener)
  'admin POST /admin/oauth2/introspect': '400 no-store | no-cache',
  'admin DELETE /admin/oauth2/tokens': '400 no-store | no-cache',
  'admin GET /admin/oauth2/auth/requests/login': '400 no-store | no-cache',
  'admin PUT /admin/oauth2/auth/requests/login/accept': '400 no-store | no-cache',
  'admin PUT /admin/oauth2/auth/requests/login/reject': '400 no-store | no-cache',
  'admin GET /admin/oauth2/auth/requests/consent': '400 no-store | no-cache',
  'admin PUT /admin/oauth2/auth/requests/consent/accept': '400 no-store | no-cache',
  'admin PUT /admin/oauth2/auth/requests/consent/reject': '400 no-store | no-cache',
  'admin GET /admin/oauth2/auth/requests/logout': '400 no-store | no-cache',
  'admin PUT /admin/oauth2/auth/requests/logout/accept': '400 no-store | no-cache',
  'admin PUT /admin/oauth2/auth/requests/logout/reject': '400 no-store | no-cache',
  'admin GET /admin/oauth2/auth/sessions/consent': '400 no-store | no-cache',
  'admin DELETE /admin/oauth2/auth/sessions/consent': '400 no-store | no-cache',
  'admin DELETE /admin/oauth2/auth/sessions/login': '400 no-store | no-cache',
  'admin POST /admin/clients': '201 no-store | no-cache',
  'admin GET /admin/clients': '200 no-store | no-cache',
  'admin GET /admin/clients/:id': '200 no-store | no-cache',
  'admin PUT /admin/clients/:id': '200 no-store | no-cache',
  'admin PATCH /admin/clients/:id': '200 no-store | no-cache',
  'admin DELETE /admin/clients/:id': '204 no-store | no-cache', // was '204 - | -' (one policy per listener)
  'admin PUT /admin/clients/:id/lifespans': '404 no-store | no-cache',
  'admin POST /admin/trust/grants/jwt-bearer/issuers': '400 no-store | no-cache',
  'admin GET /admin/trust/grants/jwt-bearer/issuers': '200 no-store | no-cache',
  'admin GET /admin/trust/grants/jwt-bearer/issuers/:id': '400 no-store | no-cache',
  'admin DELETE /admin/trust/grants/jwt-bearer/issuers/:id': '400 no-store | no-cache',
  // Secret rotation answers carry a secret; the client is deleted by then (404).
  'admin POST /admin/clients/:id/secrets/rotate': '404 no-store | no-cache',
  'admin DELETE /admin/clients/:id/secrets/rotate': '404 no-store | no-cache',
  // Dynamic client registration (off here: 404); its answers carry a secret or a registration
  // access token, so the routes send RFC 6749 §5.1's pair themselves (client/registration-routes.ts).
  'public POST /oauth2/register': '404 no-store | no-cache',
  'public GET /oauth2/register/:id': '404 no-store | no-cache',
  'public PUT /oauth2/register/:id': '404 no-store | no-cache',
  'public DELETE /oauth2/register/:id': '404 no-store | no-cache',
  // Verifiable credentials: a CORS preflight, and an answer that carries a credential or a nonce.
  'public OPTIONS /credentials': '200 - | -',
  'public POST /credentials': '401 no-store | no-cache',
  // The device flow (RFC 8628): the device code answer, the redirect that carries a device
  // challenge (was '302 - | -' on its branch: a challenge is never cached), the fallback pages.
  'public POST /oauth2/device/auth': '400 no-store | no-cache',
  'public GET /oauth2/device/verify': '302 no-store | no-cache',
  'public GET /oauth2/fallbacks/device': '200 no-store | -',
  'public GET /oauth2/fallbacks/device/done': '200 no-store | -',
  'admin PUT /admin/oauth2/auth/requests/device/accept': '400 no-store | no-cache',
};

interface Probe {
  key: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A route's path with its parameters filled in with things that exist (so GETs can succeed). */
function fill(url: string): string {
  return url.replace(':set', KEY_SET).replace(':kid', 'no-such-kid').replace(':id', CLIENT_ID);
}

/** The route's own method, no credentials, an empty body of the surface's usual type. */
function minimalProbe(listener: 'public' | 'admin', method: string, url: string): Probe {
  const key = `${listener} ${method} ${url}`;
  if (method === 'GET' || method === 'DELETE' || method === 'OPTIONS') return { key, method, url: fill(url) };
  if (listener === 'public') return { key, method, url: fill(url), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };
  if (method === 'PATCH') return { key, method, url: fill(url), headers: { 'content-type': 'application/json-patch+json' }, body: '[]' };
  return { key, method, url: fill(url), headers: { 'content-type': 'application/json' }, body: '{}' };
}

const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
  body: new URLSearchParams(fields).toString(),
});

/** Requests that succeed, run before the minimal ones (which delete the client and the key set). */
function successProbes(accessToken: () => string, challenge: (name: string) => string): Array<() => Probe> {
  return [
    () => ({ key: 'public POST /oauth2/token (client_credentials)', method: 'POST', url: '/oauth2/token', ...form({ grant_type: 'client_credentials' }) }),
    () => ({ key: 'public GET /userinfo (access token)', method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${accessToken()}` } }),
    () => ({
      key: 'public GET /oauth2/auth (valid request)',
      method: 'GET',
      url: `/oauth2/auth?${new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid', state: 'state-0123456789', redirect_uri: 'https://rp.example/cb' })}`,
    }),
    () => ({ key: 'public GET /oauth2/sessions/logout (no hint)', method: 'GET', url: '/oauth2/sessions/logout' }),
    () => ({ key: 'admin GET /admin/oauth2/auth/requests/login (challenge)', method: 'GET', url: `/admin/oauth2/auth/requests/login?login_challenge=${challenge('login_challenge')}` }),
    () => ({ key: 'admin GET /admin/oauth2/auth/sessions/consent (subject)', method: 'GET', url: '/admin/oauth2/auth/sessions/consent?subject=nobody' }),
    () => ({ key: 'admin DELETE /admin/oauth2/auth/sessions/login (subject)', method: 'DELETE', url: '/admin/oauth2/auth/sessions/login?subject=nobody' }),
    () => ({ key: 'public POST /oauth2/revoke (token)', method: 'POST', url: '/oauth2/revoke', ...form({ token: 'not-a-token' }) }),
    () => ({
      key: 'admin POST /admin/oauth2/introspect (token)',
      method: 'POST',
      url: '/admin/oauth2/introspect',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken() }).toString(),
    }),
    () => ({ key: 'admin GET /admin/clients/:id (exists)', method: 'GET', url: `/admin/clients/${CLIENT_ID}` }),
    () => ({ key: 'admin GET /admin/keys/:set (exists)', method: 'GET', url: `/admin/keys/${KEY_SET}` }),
    () => ({ key: 'admin GET /clients (v1 path)', method: 'GET', url: '/clients' }),
    () => ({ key: 'public OPTIONS /oauth2/token (preflight)', method: 'OPTIONS', url: '/oauth2/token', headers: { origin: 'https://rp.example', 'access-control-request-method': 'POST' } }),
  ];
}

function observed(response: Response): string {
  return `${response.status} ${response.headers.get('cache-control') ?? '-'} | ${response.headers.get('pragma') ?? '-'}`;
}

/** Sends the probe; the challenges a redirect carries are kept for the admin probes that follow. */
async function send(ctx: DatabaseContext, probe: Probe, challenges?: Map<string, string>): Promise<string> {
  const base = probe.key.startsWith('public') ? ctx.server.publicUrl : ctx.server.adminUrl;
  const response = await fetch(`${base}${probe.url}`, { method: probe.method, headers: probe.headers, body: probe.body, redirect: 'manual' });
  await response.arrayBuffer();
  const location = response.headers.get('location');
  if (location && challenges) {
    for (const [name, value] of new URL(location, base).searchParams) if (name.endsWith('_challenge')) challenges.set(name, value);
  }
  return observed(response);
}

describeOnEachDatabase('cache headers of every route', {}, (ctx) => {
  it('are the ones each route sent before the per-surface hook', async () => {
    const setup = [
      [`${ctx.server.adminUrl}/admin/clients`, {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_types: ['client_credentials', 'authorization_code'],
        response_types: ['code'],
        scope: 'openid',
        redirect_uris: ['https://rp.example/cb'],
      }],
      [`${ctx.server.adminUrl}/admin/keys/${KEY_SET}`, { alg: 'ES256', use: 'sig', kid: 'cache-headers-kid' }],
    ] as const;
    for (const [url, body] of setup) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(response.status, 201, `${url}: ${await response.text()}`);
    }
    let accessToken = '';
    const challenges = new Map<string, string>();
    const challenge = (name: string) => {
      const value = challenges.get(name);
      assert.ok(value, `no redirect carried a ${name}`);
      return value;
    };
    const table: Record<string, string> = {};
    for (const make of successProbes(() => accessToken, challenge)) {
      const probe = make();
      if (probe.key.startsWith('public POST /oauth2/token')) {
        const base = ctx.server.publicUrl;
        const response = await fetch(`${base}${probe.url}`, { method: 'POST', headers: probe.headers, body: probe.body });
        const body = (await response.json()) as { access_token?: string };
        accessToken = body.access_token ?? '';
        assert.ok(accessToken, 'the client_credentials grant gave no token');
        table[probe.key] = observed(response);
        continue;
      }
      table[probe.key] = await send(ctx, probe, challenges);
    }
    for (const listener of ['public', 'admin'] as const) {
      const app = listener === 'public' ? ctx.server.publicApp! : ctx.server.adminApp!;
      for (const route of routeTable(app)) {
        if (route.method === 'HEAD') continue;
        const probe = minimalProbe(listener, route.method, route.url);
        table[probe.key] = await send(ctx, probe);
      }
    }
    if (process.env.RECORD_CACHE_HEADERS) {
      console.log(JSON.stringify(table, null, 2));
      return;
    }
    const differences = [...new Set([...Object.keys(EXPECTED), ...Object.keys(table)])]
      .filter((key) => EXPECTED[key] !== table[key])
      .map((key) => `${key}: expected ${EXPECTED[key] ?? '(no such route)'}, got ${table[key] ?? '(not reached)'}`);
    assert.deepEqual(differences, []);
  });
});
