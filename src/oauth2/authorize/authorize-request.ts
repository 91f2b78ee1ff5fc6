/**
 * Validation of a new authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1) once the
 * client and redirect URI are known to be safe to redirect to: every error here reaches the client
 * by redirect (§4.1.2.1).
 */
import { OAuthError, errors } from '../../core/errors.js';
import type { FormParameters } from '../../core/form-parameters.js';
import { firstDisallowedAudience } from '../../core/audience-strategy.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import type { AuthorizeRequest } from '../../flow/flow-model.js';
import { checkChallenge } from './pkce.js';
import type { RedirectTarget } from './redirect-target.js';

export const unsupportedResponseType = new OAuthError(
  'unsupported_response_type',
  'The authorization server does not support obtaining a token using this method.',
  400,
);

/** fositex/config.go: the prompt values Hydra accepts. */
const PROMPTS = ['login', 'none', 'consent', 'select_account', 'registration'];

export interface AuthorizeOptions {
  scopeStrategy: ScopeStrategy;
  /** oauth2.pkce.enforced. (enforced_for_public_clients is moot: public clients always need PKCE.) */
  pkceEnforced: boolean;
}

export function validateAuthorizeRequest(
  params: FormParameters,
  target: RedirectTarget,
  requestUrl: string,
  options: AuthorizeOptions,
): AuthorizeRequest {
  const { client } = target;
  const responseType = params.get('response_type');
  if (!responseType) throw errors.invalidRequest.withHint('The parameter "response_type" is missing.');
  // Only the code flow exists so far; implicit and hybrid are the next step of issue 4.
  if (responseType !== 'code') throw unsupportedResponseType.withHint(`The response_type '${responseType}' is not supported.`);
  const registeredTypes = client.response_types.length > 0 ? client.response_types : ['code'];
  if (!registeredTypes.includes('code')) throw unsupportedResponseType.withHint("The client is not allowed to request response_type 'code'.");
  const grants = client.grant_types.length > 0 ? client.grant_types : ['authorization_code'];
  if (!grants.includes('authorization_code')) {
    throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'authorization_code'.");
  }
  const mode = params.get('response_mode');
  if (mode !== undefined && mode !== 'query') {
    throw errors.invalidRequest.withHint(`The response_mode '${mode}' is not supported for response_type 'code'; use 'query'.`);
  }
  const scope = splitScope(params.get('scope'));
  const allowed = splitScope(client.scope);
  const refused = scope.find((s) => !options.scopeStrategy(allowed, s));
  if (refused !== undefined) throw errors.invalidScope.withHint(`The OAuth 2.0 Client is not allowed to request scope '${refused}'.`);
  const audience = splitScope(params.get('audience'));
  const disallowed = firstDisallowedAudience(client.audience, audience);
  if (disallowed !== undefined) throw errors.invalidRequest.withHint(`Requested audience '${disallowed}' has not been whitelisted by the OAuth 2.0 Client.`);
  const isPublic = client.token_endpoint_auth_method === 'none';
  // Tessera requires PKCE for public clients always (RFC 9700 §2.1.1), whatever enforced_for_public_clients says.
  const codeChallenge = checkChallenge(params.get('code_challenge'), params.get('code_challenge_method'), options.pkceEnforced || isPublic);
  const prompt = splitScope(params.get('prompt'));
  const unknown = prompt.find((p) => !PROMPTS.includes(p));
  if (unknown !== undefined) throw errors.invalidRequest.withHint(`Used unknown value '${unknown}' for prompt parameter.`);
  // OIDC Core §3.1.2.1: none with any other value is an error.
  if (prompt.includes('none') && prompt.length > 1) {
    throw errors.invalidRequest.withHint("Parameter 'prompt' was set to 'none', but contains other values as well which is not allowed.");
  }
  return {
    clientId: client.client_id,
    redirectUri: target.redirectUri,
    redirectUriSent: target.redirectUriSent,
    responseType,
    state: target.state,
    scope,
    audience,
    nonce: params.get('nonce'),
    codeChallenge,
    prompt,
    maxAge: maxAge(params.get('max_age')),
    loginHint: params.get('login_hint'),
    acrValues: splitScope(params.get('acr_values')),
    uiLocales: splitScope(params.get('ui_locales')),
    display: params.get('display'),
    requestUrl,
  };
}

function maxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(value)) throw errors.invalidRequest.withHint('The "max_age" parameter must be a non-negative integer number of seconds.');
  return Number(value);
}
