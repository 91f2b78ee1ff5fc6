/**
 * May this client be granted these scopes and audiences? The check fosite makes wherever a grant
 * is asked for (authorize_request_handler.go, flow_client_credentials.go, flow_refresh.go): every
 * scope must match one the client registered, by the configured scope strategy, and every
 * audience must be one it registered (audience-strategy.ts). Scope is checked first, as fosite
 * does, so a request wrong on both answers invalid_scope.
 */
import { errors } from './errors.js';
import { firstDisallowedAudience } from './audience-strategy.js';
import { splitScope, type ScopeStrategy } from './scope-strategy.js';

/** The client fields the check reads, in Hydra's JSON names. */
export interface GrantableClient {
  scope?: string;
  audience?: readonly string[];
}

export function assertGrantable(
  client: GrantableClient,
  scope: readonly string[],
  audience: readonly string[],
  strategy: ScopeStrategy,
): void {
  const allowed = splitScope(client.scope);
  const refused = scope.find((name) => !strategy(allowed, name));
  if (refused !== undefined) throw errors.invalidScope.withHint(`The OAuth 2.0 Client is not allowed to request scope '${refused}'.`);
  const disallowed = firstDisallowedAudience(client.audience ?? [], audience);
  if (disallowed !== undefined) {
    throw errors.invalidRequest.withHint(`Requested audience '${disallowed}' has not been whitelisted by the OAuth 2.0 Client.`);
  }
}
