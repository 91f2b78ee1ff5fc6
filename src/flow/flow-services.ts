/**
 * Composes the login/consent flow and the authorization endpoint from the configuration. Called
 * once by the registry; the Fastify apps only mount what it returns.
 */
import type { TesseraConfig } from '../config/types.js';
import { parseDuration } from '../config/duration.js';
import { scopeStrategy } from '../core/scope-strategy.js';
import type { Aead } from '../crypto/aead.js';
import type { Client } from '../client/client.js';
import type { Database } from '../persistence/database.js';
import { AuthorizeEndpoint } from '../oauth2/authorize/authorize-endpoint.js';
import { FlowCookies } from './flow-cookies.js';
import { LoginSessionCookie } from './login-session-cookie.js';
import { FlowService, type CodeIssuer } from './flow-service.js';
import { SqlFlowStore } from './flow-store.js';
import { LoginConsentAdmin } from './login-consent-admin.js';

export interface FlowServices {
  authorize: AuthorizeEndpoint;
  admin: LoginConsentAdmin;
}

export interface FlowDependencies {
  config: TesseraConfig;
  database: Database;
  aead: Aead;
  clients: { find(id: string): Promise<Client | undefined> };
  codes: CodeIssuer;
  now: () => number;
}

export function createFlowServices(deps: FlowDependencies): FlowServices {
  const { config, now } = deps;
  const store = new SqlFlowStore(deps.database, deps.aead);
  const ttlMs = parseDuration(config.ttl.login_consent_request);
  const fallback = (page: string) => new URL(`oauth2/fallbacks/${page}`, config.urls.self.public).toString();
  const cookies = new FlowCookies(config);
  const sessions = new LoginSessionCookie(config, parseDuration(config.ttl.authentication_session), cookies);
  const flows = new FlowService(
    store,
    cookies,
    sessions,
    deps.codes,
    { login: config.urls.login ?? fallback('login'), consent: config.urls.consent ?? fallback('consent') },
    { ttlMs, now },
  );
  const authorize = new AuthorizeEndpoint(deps.clients, flows, {
    scopeStrategy: scopeStrategy(config.strategies.scope),
    pkceEnforced: config.oauth2.pkce.enforced,
    issuer: config.urls.self.issuer,
    errorUrl: config.urls.error ?? fallback('error'),
  });
  return { authorize, admin: new LoginConsentAdmin(store, deps.clients, { ttlMs, now }) };
}
