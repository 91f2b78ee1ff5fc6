/**
 * Raw OAuth calls for the production tests, addressed to explicit URLs so that each step of a
 * flow can go to a different instance (as behind a load balancer). Every response is read as
 * JSON, with the time it took; a response that is not JSON fails the test.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

export interface Timed {
  status: number;
  body: any;
  text: string;
  ms: number;
}

export async function call(url: string, init: RequestInit = {}, timeoutMs = 30_000): Promise<Timed> {
  const started = Date.now();
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    assert.fail(`expected JSON from ${init.method ?? 'GET'} ${url}, got ${response.status}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body, text, ms: Date.now() - started };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function basic(id: string, secret: string): Record<string, string> {
  return { ...FORM, authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}` };
}

export function postJson(url: string, body: unknown, method = 'POST'): Promise<Timed> {
  return call(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = FORM): Promise<Timed> {
  return call(url, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
}

export interface Client {
  id: string;
  secret: string;
}

export const REDIRECT = 'http://127.0.0.1:5555/callback';

/** A confidential client for client_credentials, and for the code flow with refresh tokens. */
export async function createClient(adminUrl: string, id: string): Promise<Client> {
  const secret = `secret-${randomBytes(12).toString('hex')}`;
  const created = await postJson(`${adminUrl}/admin/clients`, {
    client_id: id,
    client_secret: secret,
    grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid offline_access read',
    redirect_uris: [REDIRECT],
  });
  assert.equal(created.status, 201, created.text);
  return { id, secret };
}

export function clientCredentials(publicUrl: string, client: Client, scope = 'read'): Promise<Timed> {
  return postForm(`${publicUrl}/oauth2/token`, { grant_type: 'client_credentials', scope }, basic(client.id, client.secret));
}

export function introspect(adminUrl: string, token: string): Promise<Timed> {
  return postForm(`${adminUrl}/admin/oauth2/introspect`, { token });
}

export function refresh(publicUrl: string, client: Client, refreshToken: string): Promise<Timed> {
  return postForm(`${publicUrl}/oauth2/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, basic(client.id, client.secret));
}

/** Where each step of a code flow goes: any instance may serve any step. */
export interface FlowRoute {
  authorize: string; // public URL that starts the flow
  loginAdmin: string;
  loginVerifier: string; // public URL the browser brings the login verifier to
  consentAdmin: string;
  consentVerifier: string;
  token: string;
}

/** A browser that follows nothing by itself and keeps the cookies of every instance alike. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  async get(url: string): Promise<{ status: number; location: string }> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(30_000) });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get('location') ?? '' };
  }
}

/** The same path and query, on another instance's public listener. */
function on(base: string, url: string): string {
  const parsed = new URL(url);
  return `${base}${parsed.pathname}${parsed.search}`;
}

function param(location: string, name: string): string {
  const value = new URL(location).searchParams.get(name);
  assert.ok(value, `expected ${name} in ${location}`);
  return value;
}

/** The authorization code flow with PKCE, login and consent accepted through the admin API. */
export async function codeFlow(route: FlowRoute, client: Client, subject: string, scope = 'openid offline_access read'): Promise<Timed> {
  const jar = new CookieJar();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(12).toString('hex');
  const authorize = new URL(`${route.authorize}/oauth2/auth`);
  for (const [name, value] of Object.entries({
    client_id: client.id, response_type: 'code', redirect_uri: REDIRECT, scope, state, code_challenge: challenge, code_challenge_method: 'S256',
  })) authorize.searchParams.set(name, value);
  const start = await jar.get(authorize.toString());
  assert.equal(start.status, 302, `authorize: ${start.location}`);
  const loginChallenge = param(start.location, 'login_challenge');
  const login = await call(`${route.loginAdmin}/admin/oauth2/auth/requests/login/accept?login_challenge=${encodeURIComponent(loginChallenge)}`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject }),
  });
  assert.equal(login.status, 200, login.text);
  const afterLogin = await jar.get(on(route.loginVerifier, login.body.redirect_to));
  assert.equal(afterLogin.status, 302, `login verifier: ${afterLogin.location}`);
  const consentChallenge = param(afterLogin.location, 'consent_challenge');
  const consent = await call(`${route.consentAdmin}/admin/oauth2/auth/requests/consent/accept?consent_challenge=${encodeURIComponent(consentChallenge)}`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_scope: scope.split(' ') }),
  });
  assert.equal(consent.status, 200, consent.text);
  const callback = await jar.get(on(route.consentVerifier, consent.body.redirect_to));
  assert.ok([302, 303].includes(callback.status), `consent verifier: ${callback.status} ${callback.location}`);
  assert.ok(callback.location.startsWith(REDIRECT), callback.location);
  assert.equal(param(callback.location, 'state'), state);
  const code = param(callback.location, 'code');
  return postForm(`${route.token}/oauth2/token`, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, basic(client.id, client.secret));
}
