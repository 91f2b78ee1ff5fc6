/**
 * Sign-ins for the channel-logout tests: several relying parties joining one login session in
 * one scripted browser (the first login is remembered, the next ones are skipped by the login
 * UI, as a Hydra login app does), and the logout that ends it through the SDK.
 */
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { decodeJwt } from 'jose';
import type { TestServer } from '../support/server.js';
import { Browser, authorizeUrl, createClient, insecure, query, sdk, startLogin } from '../flow/support.js';
import type { LogoutReceiver } from './logout-receiver.js';

export const SUBJECT = 'alice';

export interface RelyingParty {
  id: string;
  /** Register frontchannel_logout_uri = <receiver>/fc/<id>. */
  front?: boolean;
  /** Register backchannel_logout_uri = <receiver>/bc/<id>. */
  back?: boolean;
  /** Where the back-channel POST goes instead of the receiver (a closed port, say). */
  backUri?: string;
}

export async function registerParty(server: TestServer, receiver: LogoutReceiver, party: RelyingParty): Promise<void> {
  await createClient(server, {
    client_id: party.id,
    client_secret: `${party.id}-secret`,
    grant_types: ['authorization_code'],
    scope: 'openid',
    redirect_uris: [`${receiver.base}/callback`],
    post_logout_redirect_uris: [`${receiver.base}/logged-out`],
    ...(party.front ? { frontchannel_logout_uri: `${receiver.base}/fc/${party.id}`, frontchannel_logout_session_required: true } : {}),
    ...(party.back || party.backUri ? { backchannel_logout_uri: party.backUri ?? `${receiver.base}/bc/${party.id}`, backchannel_logout_session_required: true } : {}),
  });
}

/** One authorization code flow for `clientId` in `browser`'s login session; returns the ID token. */
export async function signIn(server: TestServer, as: oauth.AuthorizationServer, browser: Browser, receiver: LogoutReceiver, clientId: string): Promise<string> {
  const api = sdk(server);
  const redirectUri = `${receiver.base}/callback`;
  const loginChallenge = await startLogin(browser, authorizeUrl(as, { client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope: 'openid', state: 'state-123456' }));
  const { data: accepted } = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: SUBJECT, remember: true, remember_for: 3600 } });
  const consentChallenge = query((await browser.visit(accepted.redirect_to)).location, 'consent_challenge')!;
  const { data: granted } = await api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'] } });
  const callback = (await browser.visit(granted.redirect_to)).location;
  const client: oauth.Client = { client_id: clientId };
  const params = oauth.validateAuthResponse(as, client, new URL(callback), 'state-123456');
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(`${clientId}-secret`), params, redirectUri, oauth.nopkce, insecure);
  const idToken = (await oauth.processAuthorizationCodeResponse(as, client, response, { requireIdToken: true })).id_token!;
  assert.ok(idToken);
  return idToken;
}

export function sidOf(idToken: string): string {
  const sid = decodeJwt(idToken).sid;
  assert.equal(typeof sid, 'string', 'the ID token carries sid');
  return sid as string;
}

/**
 * RP-initiated logout up to the logout verifier: the end_session_endpoint with the given
 * parameters, the logout UI's accept. Returns the URL the logout UI sends the browser back to.
 */
export async function acceptedLogout(server: TestServer, as: oauth.AuthorizationServer, browser: Browser, params: Record<string, string>): Promise<string> {
  const url = new URL(as.end_session_endpoint!);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const hop = await browser.visit(url.toString());
  const logoutChallenge = query(hop.location, 'logout_challenge');
  assert.ok(logoutChallenge, `expected the logout UI, got ${hop.status} ${hop.location}`);
  const { data } = await sdk(server).acceptOAuth2LogoutRequest({ logoutChallenge });
  return data.redirect_to;
}
