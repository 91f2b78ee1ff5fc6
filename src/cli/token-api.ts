/**
 * The token calls the CLI makes: the client credentials grant (RFC 6749 §4.4) and revocation
 * (RFC 7009) on the public API, introspection (RFC 7662) and bulk deletion on the admin API.
 * v2 commands use Hydra v2's `/admin/...` paths; v1 commands the unprefixed paths Hydra v1 served,
 * so each syntax also works against the Hydra version it was written for.
 */
import { ApiClient } from './http/api-client.js';
import { ApiError } from './http/api-error.js';
import { basicAuthorization, type ClientCredentials } from './http/basic-auth.js';
import type { Connection } from './http/connection.js';
import { CliError } from './fail.js';
import { tokenEndpointError } from './token-errors.js';

/** RFC 6749 §5.1, plus the `id_token` of OpenID Connect Core §3.1.3.3. */
export type TokenResponse = Record<string, unknown> & {
  access_token: string;
  token_type?: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  scope?: string;
};

export type Introspection = Record<string, unknown> & { active: boolean };

const ADMIN_PATHS = {
  v2: { introspect: '/admin/oauth2/introspect', tokens: '/admin/oauth2/tokens' },
  v1: { introspect: '/oauth2/introspect', tokens: '/oauth2/tokens' },
} as const;

export class TokenApi {
  private readonly api: ApiClient;
  private readonly paths: (typeof ADMIN_PATHS)['v1' | 'v2'];

  constructor(connection: Connection) {
    this.api = new ApiClient(connection);
    this.paths = ADMIN_PATHS[connection.style];
  }

  /**
   * Authenticates as golang.org/x/oauth2 does for Hydra's CLI (AuthStyleAutoDetect): HTTP Basic
   * first, then the secret in the body, so that clients registered for either client_secret_basic
   * or client_secret_post work. When both fail, the error shown is the one that is not merely
   * "wrong authentication method", so a wrong secret reads as a wrong secret.
   */
  async clientCredentials(credentials: ClientCredentials, scope: string[], audience: string[]): Promise<TokenResponse> {
    const form = {
      grant_type: 'client_credentials',
      scope: scope.length > 0 ? scope.join(' ') : undefined,
      audience: audience.length > 0 ? audience.join(' ') : undefined,
    };
    let basicFailure: ApiError;
    try {
      return asToken(await this.token(form, { authorization: basicAuthorization(credentials) }));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw tokenEndpointError(error);
      basicFailure = error;
    }
    try {
      return asToken(await this.token({ ...form, client_id: credentials.id, client_secret: credentials.secret }, {}));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw tokenEndpointError(error);
      throw tokenEndpointError(isAuthMethodMismatch(error) ? basicFailure : error);
    }
  }

  /** RFC 7009 §2.1: the client authenticates and names the token; 200 even for an unknown token. */
  async revoke(token: string, credentials: ClientCredentials): Promise<void> {
    await this.api.send('POST', '/oauth2/revoke', { form: { token }, headers: { authorization: basicAuthorization(credentials) } });
  }

  /** RFC 7662 §2.1; `scope` asks the server to check that these scopes were granted too. */
  async introspect(token: string, scope: string[]): Promise<Introspection> {
    const form = { token, scope: scope.length > 0 ? scope.join(' ') : undefined };
    const { body } = await this.api.send('POST', this.paths.introspect, { form });
    if (body === null || typeof body !== 'object' || typeof (body as { active?: unknown }).active !== 'boolean') {
      throw new CliError('The server answered the introspection request with something other than an RFC 7662 response.');
    }
    return body as Introspection;
  }

  /** Hydra's DELETE /admin/oauth2/tokens?client_id=: every access token of one client. */
  async deleteAccessTokens(clientId: string): Promise<void> {
    await this.api.send('DELETE', this.paths.tokens, { query: { client_id: clientId } });
  }

  private token(form: Record<string, string | undefined>, headers: Record<string, string>) {
    return this.api.send('POST', '/oauth2/token', { form, headers });
  }
}

function asToken(response: { body: unknown }): TokenResponse {
  const body = response.body as Partial<TokenResponse> | undefined;
  if (!body || typeof body !== 'object' || typeof body.access_token !== 'string' || body.access_token === '') {
    throw new CliError('Could not retrieve access token because: the server answered without an access_token (RFC 6749 §5.1).');
  }
  return body as TokenResponse;
}

/** fosite (and Tessera) name the registered method in this hint: "... 'token_endpoint_auth_method' ...". */
function isAuthMethodMismatch(error: ApiError): boolean {
  const body = error.body as { error_description?: unknown; error_hint?: unknown } | undefined;
  return [body?.error_description, body?.error_hint].some(
    (text) => typeof text === 'string' && text.includes('token_endpoint_auth_method'),
  );
}
