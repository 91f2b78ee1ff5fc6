/**
 * RFC 6749 §4.4: the client acts on its own behalf. The client must be confidential (§4.4.2
 * requires client authentication), registered for the grant, and may only obtain scopes and
 * audiences it was registered for (Hydra's scope strategy and audience matching).
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../core/errors.js';
import { firstDisallowedAudience } from '../../core/audience-strategy.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import { parseDuration } from '../../config/duration.js';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.js';
import type { GrantHandler, TokenRequest, TokenResponse } from './grant-handler.js';

export interface ClientCredentialsOptions {
  scopeStrategy: ScopeStrategy;
  defaultLifespanMs: number;
  defaultStrategy: 'opaque' | 'jwt';
  /** oauth2.client_credentials.default_grant_allowed_scope: no scope requested grants all. */
  grantAllWhenNoneRequested: boolean;
  now: () => number;
}

export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';

  constructor(
    private readonly issuer: AccessTokenIssuer,
    private readonly options: ClientCredentialsOptions,
  ) {}

  async handle({ params, client }: TokenRequest): Promise<TokenResponse> {
    if (!(client.grant_types ?? []).includes(this.grantType)) {
      throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'client_credentials'.");
    }
    if (client.token_endpoint_auth_method === 'none') {
      throw errors.unauthorizedClient.withHint(
        "The OAuth 2.0 Client is marked as public and is thus not allowed to use authorization grant 'client_credentials'.",
      );
    }
    const allowed = splitScope(client.scope);
    let scope = splitScope(params.get('scope'));
    for (const requested of scope) {
      if (!this.options.scopeStrategy(allowed, requested)) {
        throw errors.invalidScope.withHint(`The OAuth 2.0 Client is not allowed to request scope '${requested}'.`);
      }
    }
    if (scope.length === 0 && this.options.grantAllWhenNoneRequested) scope = allowed;
    const audience = splitScope(params.get('audience'));
    const disallowed = firstDisallowedAudience(client.audience ?? [], audience);
    if (disallowed !== undefined) {
      throw errors.invalidRequest.withHint(`Requested audience '${disallowed}' has not been whitelisted by the OAuth 2.0 Client.`);
    }
    const lifespan = client.client_credentials_grant_access_token_lifespan;
    const lifespanMs = lifespan ? parseDuration(lifespan) : this.options.defaultLifespanMs;
    const strategy = client.access_token_strategy === 'jwt' || client.access_token_strategy === 'opaque'
      ? client.access_token_strategy
      : this.options.defaultStrategy;
    const issued = await this.issuer.issue({
      clientId: client.client_id,
      subject: client.client_id,
      scope,
      audience,
      requestId: randomUUID(),
      lifespanMs,
      strategy,
      ext: {},
    });
    return {
      access_token: issued.token,
      token_type: 'bearer',
      expires_in: Math.max(0, Math.round((issued.expiresAt - this.options.now()) / 1000)),
      scope: scope.join(' '),
    };
  }
}
