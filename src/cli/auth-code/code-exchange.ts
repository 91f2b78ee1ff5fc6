/**
 * The token request of the authorization code grant (RFC 6749 §4.1.3, with the PKCE verifier of
 * RFC 7636 §4.5). The client authenticates as golang.org/x/oauth2 does for Hydra's CLI
 * (AuthStyleAutoDetect): HTTP Basic first, then, if the server refuses that, the secret in the
 * body, so clients registered for client_secret_basic or client_secret_post both work. The
 * fallback re-sends the same code, which a refused first request did not consume.
 */
import { CliError } from '../fail.js';
import { ApiClient } from '../http/api-client.js';
import { ApiError } from '../http/api-error.js';
import { basicAuthorization } from '../http/basic-auth.js';
import type { TokenResponse } from '../token-api.js';
import { tokenEndpointError } from '../token-errors.js';
import { hasSecret, type FlowSettings } from './flow-settings.js';

export interface ExchangedToken {
  token: TokenResponse;
  /** When the response arrived: expires_in counts from here (RFC 6749 §5.1). */
  receivedAt: number;
}

export async function exchangeCode(settings: FlowSettings, code: string, codeVerifier: string): Promise<ExchangedToken> {
  const api = new ApiClient(settings.token);
  const form = { grant_type: 'authorization_code', code, redirect_uri: settings.redirectUrl, code_verifier: codeVerifier };
  const send = (extra: Record<string, string>, headers: Record<string, string>) =>
    api.send('POST', '', { form: { ...form, ...extra }, headers });
  const { client } = settings;
  if (!hasSecret(client)) {
    // A public client (token_endpoint_auth_method none) names itself in the body (RFC 6749 §4.1.3).
    return done(await attempt(() => send({ client_id: client.id }, {})));
  }
  let basicFailure: ApiError;
  try {
    return done(await send({}, { authorization: basicAuthorization(client) }));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500 || !isAuthFailure(error)) throw asExchangeError(error);
    basicFailure = error;
  }
  try {
    return done(await send({ client_id: client.id, client_secret: client.secret }, {}));
  } catch (error) {
    // When both fail, report the failure that is not merely "wrong method", so a wrong secret reads as one.
    throw asExchangeError(error instanceof ApiError && isMethodMismatch(error) ? basicFailure : error);
  }
}

async function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asExchangeError(error);
  }
}

function done(response: { body: unknown }): ExchangedToken {
  const body = response.body as Partial<TokenResponse> | undefined;
  if (!body || typeof body !== 'object' || typeof body.access_token !== 'string' || body.access_token === '') {
    throw new CliError('oauth2: server response missing access_token');
  }
  return { token: body as TokenResponse, receivedAt: Date.now() };
}

/** Only a refused client authentication is worth a second try; a bad code would fail again. */
function isAuthFailure(error: ApiError): boolean {
  const code = (error.body as { error?: unknown } | undefined)?.error;
  return error.status === 401 || code === 'invalid_client' || code === 'unauthorized_client';
}

/** fosite (and Tessera) name the registered method in the hint: "... 'token_endpoint_auth_method' ...". */
function isMethodMismatch(error: ApiError): boolean {
  const body = error.body as { error_description?: unknown; error_hint?: unknown } | undefined;
  return [body?.error_description, body?.error_hint].some((text) => typeof text === 'string' && text.includes('token_endpoint_auth_method'));
}

const RETRIEVE_PREFIX = 'Could not retrieve access token because: ';

/** The error as golang.org/x/oauth2 words it (`oauth2: "invalid_grant" "..."`), without the token commands' preamble. */
function asExchangeError(error: unknown): CliError {
  const message = tokenEndpointError(error).message;
  return new CliError(message.startsWith(RETRIEVE_PREFIX) ? message.slice(RETRIEVE_PREFIX.length) : message);
}
