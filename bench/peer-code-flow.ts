/**
 * The same code flow against node-oidc-provider, through its development interactions (the
 * login and consent pages are form posts to /interaction/:uid, which finish the interaction and
 * resume at /auth/:uid): GET /auth → POST login → resume → POST consent → resume → code →
 * POST /token with PKCE. Six requests, as Tessera's flow; the peer renders no page either.
 */
import { randomBytes } from 'node:crypto';
import { CookieJar } from './cookie-jar.js';
import { call, type Reply } from './http-client.js';
import { assertTokens, FLOW_CLIENT, FLOW_REDIRECT, param, pkce } from './code-flow.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = `Basic ${Buffer.from(`${FLOW_CLIENT.id}:${FLOW_CLIENT.secret}`).toString('base64')}`;

function expectRedirect(reply: Reply, step: string): string {
  if (reply.status < 300 || reply.status > 303 || !reply.location) throw new Error(`${step}: ${reply.status} ${reply.text.slice(0, 200)}`);
  return reply.location;
}

export async function peerCodeFlow(peerUrl: string, scope: string): Promise<void> {
  const jar = new CookieJar();
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('hex');
  const query = new URLSearchParams({
    client_id: FLOW_CLIENT.id,
    response_type: 'code',
    redirect_uri: FLOW_REDIRECT,
    scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const absolute = (location: string) => new URL(location, peerUrl).toString();
  const loginPage = expectRedirect(await jar.call(`${peerUrl}/auth?${query}`), 'authorize');
  const resumeLogin = expectRedirect(
    await jar.call(absolute(loginPage), { method: 'POST', headers: form, body: 'prompt=login&login=bench-user' }),
    'login',
  );
  const consentPage = expectRedirect(await jar.call(absolute(resumeLogin)), 'resume after login');
  const resumeConsent = expectRedirect(
    await jar.call(absolute(consentPage), { method: 'POST', headers: form, body: 'prompt=consent' }),
    'consent',
  );
  const callback = expectRedirect(await jar.call(absolute(resumeConsent)), 'resume after consent');
  if (param(callback, 'state', 'callback') !== state) throw new Error('callback: state changed');
  const code = param(callback, 'code', 'callback');
  const exchanged = await call(`${peerUrl}/token`, {
    method: 'POST',
    headers: { ...form, authorization: basic },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: FLOW_REDIRECT, code_verifier: verifier }).toString(),
  });
  assertTokens(exchanged, scope);
}
