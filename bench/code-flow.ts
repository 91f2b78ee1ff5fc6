/**
 * One authorization code flow against Tessera without a browser, as a login/consent app and a
 * relying party would drive it: GET /oauth2/auth → login challenge → PUT login/accept on the
 * admin API → the login verifier with the browser's cookies → consent challenge → PUT
 * consent/accept → the consent verifier → code → POST /oauth2/token with the PKCE verifier (RFC 7636).
 */
import { createHash, randomBytes } from 'node:crypto';
import { CookieJar } from './cookie-jar.js';
import { call, type Reply } from './http-client.js';

export const FLOW_REDIRECT = 'http://127.0.0.1:5555/callback';
export const FLOW_CLIENT = { id: 'bench-web', secret: 'bench-web-secret' };

export interface FlowTarget {
  publicUrl: string;
  adminUrl: string;
  scope: string;
}

const json = { 'content-type': 'application/json' };
const basic = `Basic ${Buffer.from(`${FLOW_CLIENT.id}:${FLOW_CLIENT.secret}`).toString('base64')}`;

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function param(location: string, name: string, step: string): string {
  const value = location ? new URL(location, 'http://x').searchParams.get(name) : null;
  if (!value) throw new Error(`${step}: no ${name} in "${location.slice(0, 200)}"`);
  return value;
}

/** A 200 with an access token, and an ID token when openid was asked for: a flow that issued less does not count. */
export function assertTokens(reply: Reply, scope: string): void {
  const body = reply.status === 200 ? (JSON.parse(reply.text) as { access_token?: string; id_token?: string }) : {};
  if (!body.access_token || (scope.split(' ').includes('openid') && !body.id_token))
    throw new Error(`token: ${reply.status} ${reply.text.slice(0, 200)}`);
}

/** The same path and query on `base`: the issuer Tessera redirects to may name another host. */
function on(base: string, url: string): string {
  const parsed = new URL(url);
  return `${base}${parsed.pathname}${parsed.search}`;
}

export async function createFlowClient(adminUrl: string, scope: string): Promise<void> {
  const reply = await call(`${adminUrl}/admin/clients`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      client_id: FLOW_CLIENT.id,
      client_secret: FLOW_CLIENT.secret,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope,
      redirect_uris: [FLOW_REDIRECT],
    }),
  });
  if (reply.status !== 201) throw new Error(`creating ${FLOW_CLIENT.id}: ${reply.status} ${reply.text}`);
}

export async function tesseraCodeFlow(target: FlowTarget): Promise<void> {
  const jar = new CookieJar();
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('hex');
  const query = new URLSearchParams({
    client_id: FLOW_CLIENT.id,
    response_type: 'code',
    redirect_uri: FLOW_REDIRECT,
    scope: target.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const start = await jar.call(`${target.publicUrl}/oauth2/auth?${query}`);
  const loginChallenge = param(start.location, 'login_challenge', `authorize (${start.status})`);
  const login = await call(
    `${target.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${encodeURIComponent(loginChallenge)}`,
    {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ subject: 'bench-user' }),
    },
  );
  if (login.status !== 200) throw new Error(`login accept: ${login.status} ${login.text.slice(0, 200)}`);
  const afterLogin = await jar.call(on(target.publicUrl, JSON.parse(login.text).redirect_to));
  const consentChallenge = param(afterLogin.location, 'consent_challenge', `login verifier (${afterLogin.status})`);
  const consent = await call(
    `${target.adminUrl}/admin/oauth2/auth/requests/consent/accept?consent_challenge=${encodeURIComponent(consentChallenge)}`,
    {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ grant_scope: target.scope.split(' ') }),
    },
  );
  if (consent.status !== 200) throw new Error(`consent accept: ${consent.status} ${consent.text.slice(0, 200)}`);
  const callback = await jar.call(on(target.publicUrl, JSON.parse(consent.text).redirect_to));
  if (param(callback.location, 'state', 'consent verifier') !== state) throw new Error('consent verifier: state changed');
  const code = param(callback.location, 'code', `consent verifier (${callback.status})`);
  const exchanged = await call(`${target.publicUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: FLOW_REDIRECT, code_verifier: verifier }).toString(),
  });
  assertTokens(exchanged, target.scope);
}
