/**
 * The token endpoint, framework-free (RFC 6749 §3.2): parameters in, a token response out, or a
 * typed OAuthError thrown. Client authentication comes first (§3.2.1), then the handler of the
 * requested grant_type.
 */
import { errors } from '../core/errors.js';
import { FormParameters } from '../core/form-parameters.js';
import type { ClientAuthenticator } from './client-authentication.js';
import type { GrantHandler, TokenClient, TokenResponse } from './grants/grant-handler.js';
import type { CredentialNonces } from './credentials/credential-nonces.js';

export class TokenEndpoint {
  private readonly grants: ReadonlyMap<string, GrantHandler>;

  constructor(
    handlers: readonly GrantHandler[],
    private readonly clients: ClientAuthenticator<TokenClient>,
    /** Hydra's verifiable handler: a c_nonce for grants of openid and userinfo_credential_draft_00. */
    private readonly credentialNonces?: CredentialNonces,
  ) {
    this.grants = new Map(handlers.map((h) => [h.grantType, h]));
  }

  get grantTypes(): string[] {
    return [...this.grants.keys()];
  }

  async handle(authorization: string | undefined, body: unknown): Promise<TokenResponse> {
    // `audience` may repeat (fosite accepts both forms); every other parameter must not (§3.2).
    const params = FormParameters.from(body, ['audience']);
    const grantType = params.get('grant_type');
    if (!grantType) throw errors.invalidRequest.withHint('The parameter "grant_type" is missing.');
    const handler = this.grants.get(grantType);
    const client = await this.clients.authenticate(authorization, params);
    if (!handler) {
      throw errors.unsupportedGrantType.withHint(`The grant type '${grantType}' is not supported by this server.`);
    }
    const response = await handler.handle({ params, client });
    return this.credentialNonces ? { ...response, ...this.credentialNonces.tokenResponseMembers(response.access_token, response.scope) } : response;
  }
}
