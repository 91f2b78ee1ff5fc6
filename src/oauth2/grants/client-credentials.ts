/**
 * RFC 6749 §4.4: the client acts on its own behalf. The client must be confidential (§4.4.2
 * requires client authentication), registered for the grant, and may only obtain scopes and
 * audiences it was registered for (Hydra's scope strategy and audience matching).
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../core/errors.js';
import { assertGrantable } from '../../core/grantable.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { Issuance, TokenResponder } from '../tokens/token-responder.js';
import type { GrantHandler, TokenRequest, TokenResponse } from './grant-handler.js';

export interface ClientCredentialsOptions {
  scopeStrategy: ScopeStrategy;
  /** oauth2.client_credentials.default_grant_allowed_scope: no scope requested grants all. */
  grantAllWhenNoneRequested: boolean;
}

export interface ClientCredentialsDependencies {
  responder: TokenResponder;
  accessTokens: AccessTokenStore;
  options: ClientCredentialsOptions;
}

export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';

  constructor(private readonly deps: ClientCredentialsDependencies) {}

  async handle(request: TokenRequest): Promise<TokenResponse> {
    return this.populate(this.validate(request));
  }

  /** fosite flow_client_credentials.go HandleTokenEndpointRequest: what may be granted. */
  validate({ params, client }: TokenRequest): Issuance {
    if (!(client.grant_types ?? []).includes(this.grantType)) {
      throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'client_credentials'.");
    }
    if (client.token_endpoint_auth_method === 'none') {
      throw errors.unauthorizedClient.withHint(
        "The OAuth 2.0 Client is marked as public and is thus not allowed to use authorization grant 'client_credentials'.",
      );
    }
    const { scopeStrategy, grantAllWhenNoneRequested } = this.deps.options;
    const requested = splitScope(params.get('scope'));
    const audience = splitScope(params.get('audience'));
    assertGrantable(client, requested, audience, scopeStrategy);
    const scope = requested.length === 0 && grantAllWhenNoneRequested ? splitScope(client.scope) : requested;
    return { client, grant: 'client_credentials', requestId: randomUUID(), subject: client.client_id, scope, audience, ext: {}, request: { params, client } };
  }

  /** The access token, stored through the batched writer before the response is given. */
  async populate(issuance: Issuance): Promise<TokenResponse> {
    const { response, access } = await this.deps.responder.populate(issuance);
    await this.deps.accessTokens.create(access.record);
    return response;
  }
}
