/**
 * Every route of both listeners, as the apps recorded them (src/http/route-table.ts), receives
 * malformed input: NUL and invalid UTF-8 / percent-encoding in path, query, form and JSON values,
 * JSON nested past the bound, huge values, thousands of repeated parameters, arrays where strings
 * are expected and the reverse, malformed JSON, wrong and missing content types, hostile
 * credentials. Whatever a route answers, it is never a 5xx; an error is in Hydra's shape (or a
 * redirect to the error page, where the protocol says so); and nothing is logged at error level.
 *
 * Deterministic: the cases come from a seeded generator (FUZZ_SEED overrides the seed, and every
 * failure names the case). Bounded: a fixed number of requests per route, each with a timeout.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { assertOAuthErrorShape } from '../support/oauth-error.js';
import { routeTable, type RouteEntry } from '../../src/http/route-table.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const CASES_PER_ROUTE = 14;
const REQUEST_TIMEOUT_MS = 15_000;

/** mulberry32: a small seeded generator, so that a failing case can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof generator>;

/** Values as they appear percent-encoded in a URL or form. */
const ENCODED = ['%00', 'a%00b', '%C3%28', '%ED%A0%80', '%FF%FE', '%F0%28%8C%28', '%', '%zz', '%E0%A4%A', '%2F..%2F', '%F0%9F%98%80', '', '+', '%0D%0A', 'a'.repeat(300), '-1', '1e309', '99999999999999999999999', 'NaN', 'true', '[]', '{}'];
/** Values as they appear in JSON text. */
const JSON_VALUES = ['"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"\\udc00x"', 'null', '[null]', '[]', '{}', '[[["x"]]]', '1e400', '-0', '1.5', '99999999999999999999', 'true', '""', '["a",1,null,{}]', '{"a":null}', `"${'x'.repeat(4000)}"`, '"%00"'];
/** Names the API's parameters and fields go by: each route ignores the ones it does not take. */
const NAMES = [
  'client_id', 'client_secret', 'response_type', 'redirect_uri', 'scope', 'state', 'nonce', 'prompt', 'max_age', 'response_mode', 'audience',
  'code_challenge', 'code_challenge_method', 'grant_type', 'code', 'refresh_token', 'token', 'token_type_hint', 'access_token', 'id_token_hint',
  'post_logout_redirect_uri', 'login_verifier', 'consent_verifier', 'logout_verifier', 'challenge', 'login_challenge', 'consent_challenge',
  'logout_challenge', 'subject', 'sid', 'client', 'all', 'owner', 'client_name', 'page_size', 'page_token', 'consent_request_id',
  'login_session_id', 'grant_scope', 'grant_access_token_audience', 'remember', 'remember_for', 'session', 'context', 'acr', 'amr', 'error',
  'status_code', 'redirect_uris', 'grant_types', 'response_types', 'metadata', 'jwks', 'jwks_uri', 'token_endpoint_auth_method', 'alg', 'kid',
  'use', 'keys', 'kty', 'n', 'e', 'op', 'path', 'value', '__proto__', 'constructor',
];
const CONTENT_TYPES = [
  'application/json', 'application/x-www-form-urlencoded', 'application/json-patch+json', 'text/plain', 'application/xml', 'multipart/form-data',
  'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded; charset=latin1', '', '\u0000/\u0000',
];

interface Case {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

function deepJson(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

function query(random: Random): string {
  const shape = random.int(5);
  if (shape === 0) {
    // One name repeated thousands of times: an array where a string is expected.
    const name = random.pick(NAMES);
    return Array.from({ length: random.pick([400, 3000]) }, () => `${name}=${random.pick(ENCODED)}`).join('&');
  }
  if (shape === 1) return Array.from({ length: 1200 }, (_, i) => `p${i}=x`).join('&');
  if (shape === 2) return `${random.pick(NAMES)}[]=${random.pick(ENCODED)}&${random.pick(NAMES)}[a]=b`;
  const count = 1 + random.int(6);
  return Array.from({ length: count }, () => `${random.pick(NAMES)}=${random.pick(ENCODED)}`).join('&');
}

function jsonBody(random: Random): string {
  switch (random.int(8)) {
    case 0:
      return random.pick(['{', '{"a":', '[1,', 'nul', '{"a" 1}', '{"a":1}}', '\u0000', '"\\ud800"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '\ufeff{}']);
    case 1:
      return deepJson(random.pick([129, 5000, 100_000]));
    case 2:
      return `{"${random.pick(NAMES)}":${deepJson(random.pick([5000, 129]))}}`;
    case 3:
      return random.pick(['[]', '"x"', '1', 'true', 'null', '[{"op":"replace","path":"/client_name","value":"\\u0000"}]', '[{"op":"add","path":"/metadata","value":' + deepJson(200) + '}]']);
    case 4:
      return JSON.stringify({ [random.pick(NAMES)]: 'x'.repeat(600_000) });
    default: {
      const fields = Array.from({ length: 1 + random.int(8) }, () => `"${random.pick(NAMES)}":${random.pick(JSON_VALUES)}`);
      return `{${fields.join(',')}}`;
    }
  }
}

function formBody(random: Random): string {
  if (random.int(3) === 0) return Array.from({ length: 20_000 }, () => `${random.pick(NAMES)}=${random.pick(ENCODED)}`).join('&');
  return query(random);
}

function authorization(random: Random): Record<string, string> {
  switch (random.int(6)) {
    case 0:
      return { authorization: `Basic ${Buffer.from(`${decodeURIComponent('a%00b')}:x`).toString('base64')}` };
    case 1:
      return { authorization: `Basic ${Buffer.from([0xc3, 0x28, 0x3a, 0xed, 0xa0, 0x80]).toString('base64')}` };
    case 2:
      return { authorization: random.pick(['Basic %%%', 'Basic Og==', 'Basic YTpi:', 'Bearer ', 'Bearer a b', `Bearer ${'x'.repeat(8000)}`, 'Basic ' + Buffer.from('%00:%C3%28').toString('base64')]) };
    default:
      return {};
  }
}

/** A path for the route's pattern with each parameter replaced by a hostile value. */
function path(route: RouteEntry, random: Random): string {
  // `fuzz-client` exists, so that writes to it reach validation and storage.
  return route.url.replace(/:[A-Za-z_]+/g, () => random.pick(['fuzz-client', 'fuzz-client', '%00', 'a%00b', '%C3%28', '%ED%A0%80', '%FF', '%2500', 'x'.repeat(2000), '%E2%80%AE', '%F0%9F%98%80', '..']));
}

function cases(base: string, route: RouteEntry, random: Random): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < CASES_PER_ROUTE; i++) {
    const target = `${base}${path(route, random)}?${query(random)}`;
    const headers: Record<string, string> = { ...authorization(random) };
    let body: string | Uint8Array | undefined;
    if (route.method !== 'GET' && route.method !== 'HEAD') {
      const contentType = random.pick(CONTENT_TYPES);
      if (contentType !== '' && !contentType.includes('\u0000')) headers['content-type'] = contentType;
      const kind = random.int(4);
      if (kind === 0) body = jsonBody(random);
      else if (kind === 1) body = formBody(random);
      else if (kind === 2) body = Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]);
      else if (contentType.includes('json')) body = jsonBody(random);
      else body = formBody(random);
    }
    out.push({ label: `#${i} ${route.method} ${route.url}`, method: route.method, url: target, headers, body });
  }
  return out;
}

/**
 * One request over node:http rather than fetch: the admin list routes echo the query into their
 * Link header (as Hydra's keysetpagination does), which for thousands of parameters outgrows
 * fetch's fixed 16 KiB limit on response headers.
 */
function send(probe: Case): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(probe.url);
    const headers: Record<string, string | number> = { ...probe.headers };
    if (probe.body !== undefined) headers['content-length'] = Buffer.byteLength(probe.body);
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: probe.method, headers, maxHeaderSize: 1024 * 1024, timeout: REQUEST_TIMEOUT_MS },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) responseHeaders.set(name, [value].flat().join(', '));
          resolve({ status: incoming.statusCode ?? 0, headers: responseHeaders, text: Buffer.concat(chunks).toString('utf8') });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(probe.body);
  });
}

/** Where a failure in the protocol's shape is a redirect (RFC 6749 §4.1.2.1, RP-Initiated Logout §2), and the device verification page, which answers any query without a verifier with a new device challenge (RFC 8628 §3.3). */
const REDIRECTING = new Set(['/oauth2/auth', '/oauth2/sessions/logout', '/oauth2/device/verify']);

// Dynamic client registration on, so that its routes reach validation and storage rather than a 404.
describeOnEachDatabase(`every route given malformed input (seed ${SEED})`, { errorLog: true, env: { OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true' } }, (ctx) => {
  before(async () => {
    const created = await fetch(`${ctx.server.adminUrl}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'fuzz-client', client_secret: 'fuzz-client-secret', grant_types: ['client_credentials'] }),
    });
    assert.equal(created.status, 201);
  });

  for (const listener of ['public', 'admin'] as const) {
    it(`${listener}: no 5xx, errors in Hydra's shape, nothing logged at error level`, async (t) => {
      const app = listener === 'public' ? ctx.server.publicApp! : ctx.server.adminApp!;
      const base = listener === 'public' ? ctx.server.publicUrl : ctx.server.adminUrl;
      const routes = routeTable(app).filter((route) => route.method !== 'HEAD' && route.method !== 'OPTIONS');
      assert.ok(routes.length >= (listener === 'public' ? 10 : 20), `the route table looks incomplete: ${routes.length} routes`);
      const random = generator(SEED + (listener === 'public' ? 0 : 1));
      ctx.errorLog.takeErrors(); // what an earlier test left is not this test's
      let sent = 0;
      const statuses = new Map<number, number>();
      for (const route of routes) {
        for (const probe of cases(base, route, random)) {
          const response = await send(probe);
          const text = response.text;
          sent++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const what = `${probe.label} (seed ${SEED}) → ${response.status} ${text.slice(0, 300)}`;
          assert.ok(response.status < 500, what);
          if (response.status >= 400) {
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // asserted below: the shape check names the raw text
            }
            assertOAuthErrorShape({ status: response.status, headers: response.headers, body }, what);
          } else if (response.status >= 300) {
            assert.ok(REDIRECTING.has(route.url), `a redirect from ${what}`);
          }
          assert.deepEqual(ctx.errorLog.takeErrors().map((record) => `${record.msg}: ${JSON.stringify(record.err ?? '')}`), [], what);
        }
      }
      assert.equal(sent, routes.length * CASES_PER_ROUTE);
      t.diagnostic(`${routes.length} routes, ${sent} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    });
  }
});
