/**
 * One handler per grant type behind one interface (docs/design.md): the token endpoint authenticates
 * the client, then hands the request to the handler registered for its grant_type.
 */
import type { Lifespans } from '../../client/client.js';
import type { FormParameters } from '../../core/form-parameters.js';

/** The client fields a grant reads, in Hydra's JSON names; the lifespans are read by lifespans.ts. */
export interface TokenClient extends Lifespans {
  client_id: string;
  grant_types?: string[];
  scope?: string;
  audience?: string[];
  token_endpoint_auth_method?: string;
  access_token_strategy?: string;
  /** OIDC Registration §2: read by /userinfo (signed responses). */
  userinfo_signed_response_alg?: string;
}

export interface TokenRequest {
  params: FormParameters;
  client: TokenClient;
}

/** RFC 6749 §5.1. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

export interface GrantHandler {
  readonly grantType: string;
  handle(request: TokenRequest): Promise<TokenResponse>;
}
