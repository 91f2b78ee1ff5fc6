/**
 * Everything the full-flow browser tests stand on: a real Tessera whose URLS_LOGIN, URLS_CONSENT
 * and URLS_LOGOUT point at the reference app, the app itself in-process, a relying party's
 * callback listener, a confidential client created through the admin API, and oauth4webapi as
 * the relying party that builds the authorization URL and redeems the code.
 */
import * as oauth from 'oauth4webapi';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { startLoginConsentApp, type RunningLoginConsentApp } from '../../apps/login-consent/server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { freePort } from '../support/ports.js';
import { startCallbackListener, type CallbackListener } from './callback-listener.js';

export const insecure = { [oauth.allowInsecureRequests]: true };
export const CLIENT_SECRET = 'e2e-consumer-secret';
export const SCOPE = 'openid offline email profile';

export interface FlowFixture {
  server: TestServer;
  app: RunningLoginConsentApp;
  callback: CallbackListener;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  close(): Promise<void>;
}

/** One authorization request's secrets, kept by the relying party until the callback. */
export interface PendingAuthorization {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

export async function startFlowFixture(dsn = 'memory', clientId = 'e2e-consumer'): Promise<FlowFixture> {
  // The app's port is chosen first: Tessera must know the login URL when it starts.
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const server = await startTestServer({
    dsn,
    env: { URLS_LOGIN: `${appUrl}/login`, URLS_CONSENT: `${appUrl}/consent`, URLS_LOGOUT: `${appUrl}/logout` },
  });
  const app = await startLoginConsentApp({ port: appPort, hydraAdminUrl: server.adminUrl, log: () => {} });
  const callback = await startCallbackListener();
  const admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
  await admin.createOAuth2Client({
    oAuth2Client: {
      client_id: clientId,
      client_name: 'E2E Consumer',
      client_secret: CLIENT_SECRET,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code', 'id_token'],
      scope: SCOPE,
      redirect_uris: [callback.callbackUrl],
      post_logout_redirect_uris: [callback.loggedOutUrl],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  });
  const issuer = new URL(server.registry.config.urls.self.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  return {
    server,
    app,
    callback,
    as,
    client: { client_id: clientId },
    async close() {
      await callback.close();
      await app.close();
      await server.close();
    },
  };
}

export async function authorization(fixture: FlowFixture, extra: Record<string, string> = {}): Promise<PendingAuthorization> {
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(fixture.as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: fixture.client.client_id,
    redirect_uri: fixture.callback.callbackUrl,
    response_type: 'code',
    scope: SCOPE,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return { url: url.href, state, nonce, verifier };
}

/** Redeems the code of a callback hit as a relying party would, checking state, iss and the ID token. */
export async function redeem(fixture: FlowFixture, pending: PendingAuthorization, hit: URL): Promise<oauth.TokenEndpointResponse> {
  const params = oauth.validateAuthResponse(fixture.as, fixture.client, hit, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    fixture.as, fixture.client, oauth.ClientSecretBasic(CLIENT_SECRET), params,
    fixture.callback.callbackUrl, pending.verifier, insecure,
  );
  return oauth.processAuthorizationCodeResponse(fixture.as, fixture.client, response, { expectedNonce: pending.nonce });
}
