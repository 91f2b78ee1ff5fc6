/**
 * Composes the authorization endpoint from the configuration: the pipeline of authorize-endpoint.ts
 * over the browser's side of the login/consent flow, the code issuer and the front-channel tokens.
 * Called once by the registry, after the flow's services, which it drives.
 */
import type { TesseraConfig } from '../config/types.js';
import { scopeStrategy } from '../core/scope-strategy.js';
import { AuthorizeEndpoint, type AuthorizeCollaborators } from '../oauth2/authorize/authorize-endpoint.js';
import type { FrontChannelTokens } from '../oauth2/authorize/front-channel-tokens.js';
import { ResponseIssuer, type CodeMinter, type CodeRows } from '../oauth2/authorize/issue-response.js';
import type { ClientLookup } from '../oauth2/authorize/redirect-target.js';
import { RequestObjects } from '../oauth2/authorize/request-object.js';
import { GuardedRequestUriFetcher } from '../oauth2/authorize/request-uri.js';
import type { ClientKeys } from '../oauth2/assertion/client-keys.js';
import type { OutboundHttp } from '../http/outbound/outbound-http.js';
import type { UnitOfWork } from '../persistence/unit-of-work.js';

export interface AuthorizeServices {
  authorize: AuthorizeEndpoint;
}

export interface AuthorizeDependencies {
  config: TesseraConfig;
  clients: ClientLookup;
  flows: AuthorizeCollaborators['flows'];
  codes: CodeMinter;
  /** What the authorization endpoint issues itself (implicit and hybrid responses). */
  frontChannel: FrontChannelTokens;
  keys: AuthorizeCollaborators['keys'];
  /** The transaction that uses the consent verifier up and stores the code and tokens (issue-response.ts). */
  unitOfWork: UnitOfWork;
  /** Given on PostgreSQL only: a code-only answer is stored with the consent step in one statement (issue-response.ts). */
  codeRows?: CodeRows;
  /** The keys clients registered, to verify their request objects (OIDC Core §6.1). */
  clientKeys: ClientKeys;
  /** The guarded client that fetches request_uri (clients.http.*). */
  outbound: OutboundHttp;
  now: () => number;
}

export function createAuthorizeServices(deps: AuthorizeDependencies): AuthorizeServices {
  const { config } = deps;
  const authorize = new AuthorizeEndpoint(deps.clients, {
    scopeStrategy: scopeStrategy(config.strategies.scope),
    pkceEnforced: config.oauth2.pkce.enforced,
    issuer: config.urls.self.issuer,
    // Hydra's fallback page (fallback-pages.ts) when urls.error is unset.
    errorUrl: config.urls.error ?? new URL('oauth2/fallbacks/error', config.urls.self.public).toString(),
    exposeInternalErrors: config.oauth2.expose_internal_errors,
  }, {
    flows: deps.flows,
    responses: new ResponseIssuer(deps.codes, deps.frontChannel, deps.unitOfWork, deps.codeRows),
    keys: deps.keys,
    requestObjects: new RequestObjects(deps.clientKeys, new GuardedRequestUriFetcher(deps.outbound), deps.now),
  });
  return { authorize };
}
