/**
 * Test helpers for what follows a code flow: one complete flow (login, consent, PKCE exchange)
 * through test/flow/support.ts that returns the tokens, and raw calls to the token, revocation
 * and introspection endpoints for the cases a relying party library would refuse to send.
 */
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import type { TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, consent, insecure, login, pkce, sdk, startLogin } from './support.js';

export const REDIRECT = 'http://127.0.0.1:5555/callback';
const form = { 'content-type': 'application/x-www-form-urlencoded' };
export const basic = (id: string, secret: string) => ({ ...form, authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

export interface FlowClient {
  id: string;
  secret: string;
}

/** A full authorization code flow for `scope`, consented with `session`; the raw token response. */
export async function codeFlowTokens(
  server: TestServer,
  as: oauth.AuthorizationServer,
  client: FlowClient,
  scope: string,
  session: Record<string, unknown> = {},
): Promise<oauth.TokenEndpointResponse> {
  return (await codeFlow(server, as, client, scope, session)).tokens;
}

/** The same flow, also returning the code and verifier, so that a test can redeem the code again. */
export async function codeFlow(
  server: TestServer,
  as: oauth.AuthorizationServer,
  client: FlowClient,
  scope: string,
  session: Record<string, unknown> = {},
): Promise<{ tokens: oauth.TokenEndpointResponse; code: string; verifier: string }> {
  const browser = new Browser();
  const api = sdk(server);
  const { verifier, challenge } = await pkce();
  const state = oauth.generateRandomState();
  const loginChallenge = await startLogin(browser, authorizeUrl(as, {
    client_id: client.id, response_type: 'code', redirect_uri: REDIRECT, scope, state, code_challenge: challenge, code_challenge_method: 'S256',
  }));
  const consentChallenge = await login(browser, api, loginChallenge);
  const callback = await consent(browser, api, consentChallenge, session);
  const rp = { client_id: client.id };
  const params = oauth.validateAuthResponse(as, rp, new URL(callback), state);
  const response = await oauth.authorizationCodeGrantRequest(as, rp, oauth.ClientSecretBasic(client.secret), params, REDIRECT, verifier, insecure);
  const tokens = await oauth.processAuthorizationCodeResponse(as, rp, response);
  return { tokens, code: params.get('code')!, verifier };
}

/** grant_type=refresh_token as a raw form POST: status and body, whatever they are. */
export async function refreshRaw(server: TestServer, client: FlowClient, refreshToken: string, extra: Record<string, string> = {}) {
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }).toString();
  return request('POST', `${server.publicUrl}/oauth2/token`, body, basic(client.id, client.secret));
}

export async function introspect(server: TestServer, token: string): Promise<any> {
  const response = await request('POST', `${server.adminUrl}/admin/oauth2/introspect`, `token=${encodeURIComponent(token)}`, form);
  assert.equal(response.status, 200);
  return response.body;
}

export async function revoke(server: TestServer, client: FlowClient, token: string): Promise<number> {
  return (await request('POST', `${server.publicUrl}/oauth2/revoke`, `token=${encodeURIComponent(token)}`, basic(client.id, client.secret))).status;
}
