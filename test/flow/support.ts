/**
 * A scripted browser and a login/consent app for the flow tests. The browser follows nothing by
 * itself (redirect: 'manual') and keeps its own cookies, so each test sees every hop; the app
 * drives the admin API through the official SDK, exactly as a Hydra login/consent app would.
 */
import assert from 'node:assert/strict';
import type { OAuth2Api } from '@ory/hydra-client';
import * as oauth from 'oauth4webapi';

export { insecure, discover } from '../support/discover.js';
export { sdk, sdkStatus } from '../support/sdk.js';
export { createClient } from '../support/create-client.js';

export class Browser {
  readonly cookies = new Map<string, string>();

  /** One hop: GET `url` with this browser's cookies; returns the status and Location. */
  async visit(url: string): Promise<{ status: number; location: string; body: string; headers: Headers }> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: response.status, location: response.headers.get('location') ?? '', body: await response.text(), headers: response.headers };
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export async function pkce(): Promise<Pkce> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

export function authorizeUrl(as: oauth.AuthorizationServer, params: Record<string, string>): string {
  const url = new URL(as.authorization_endpoint!);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

export function query(location: string, name: string): string | null {
  return new URL(location).searchParams.get(name);
}

/** Starts at /oauth2/auth and returns the login challenge the browser was sent to the login UI with. */
export async function startLogin(browser: Browser, url: string): Promise<string> {
  const hop = await browser.visit(url);
  assert.equal(hop.status, 302, hop.body);
  const challenge = query(hop.location, 'login_challenge');
  assert.ok(challenge, `expected a login redirect, got ${hop.location}`);
  return challenge;
}

/** Login accepted as `subject`; the browser follows redirect_to; returns the consent challenge. */
export async function login(browser: Browser, api: OAuth2Api, loginChallenge: string, subject = 'foo@bar.com'): Promise<string> {
  const { data } = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject, acr: '1', amr: ['pwd'], context: { step: 'login' } } });
  const hop = await browser.visit(data.redirect_to);
  assert.equal(hop.status, 302, hop.body);
  const challenge = query(hop.location, 'consent_challenge');
  assert.ok(challenge, `expected a consent redirect, got ${hop.location}`);
  return challenge;
}

/** Consent granted for what was requested; returns where the browser is finally sent. */
export async function consent(browser: Browser, api: OAuth2Api, consentChallenge: string, session = {}): Promise<string> {
  const { data: request } = await api.getOAuth2ConsentRequest({ consentChallenge });
  const { data } = await api.acceptOAuth2ConsentRequest({
    consentChallenge,
    acceptOAuth2ConsentRequest: {
      grant_scope: request.requested_scope,
      grant_access_token_audience: request.requested_access_token_audience,
      session,
    },
  });
  const hop = await browser.visit(data.redirect_to);
  assert.equal(hop.status, 302, hop.body);
  return hop.location;
}
