/**
 * Validation of a new authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1) once the
 * client and redirect URI are known to be safe to redirect to: every error here reaches the client
 * by redirect (§4.1.2.1).
 */
import { errors } from '../../core/errors.js';
import type { FormParameters } from '../../core/form-parameters.js';
import { assertGrantable } from '../../core/grantable.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import type { AuthorizeRequest } from '../../flow/flow-model.js';
import { checkChallenge } from './pkce.js';
import { checkClientResponseType, parseResponseType, resolveResponseMode, responseTypeName } from './response-type.js';
import type { RedirectTarget } from './redirect-target.js';
import { MIN_PARAMETER_ENTROPY, checkState, hasMinimumEntropy } from './state-entropy.js';

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
  refuseUnreadParameters(params);
  const requestedType = params.get('response_type');
  if (!requestedType) throw errors.invalidRequest.withHint('The parameter "response_type" is missing.');
  const type = parseResponseType(requestedType);
  if (!type) throw errors.unsupportedResponseType.withHint(`The response_type '${requestedType}' is not supported.`);
  checkClientResponseType(client, requestedType, type);
  const responseMode = resolveResponseMode(params.get('response_mode'), type, requestedType);
  const scope = splitScope(params.get('scope'));
  const audience = splitScope(params.get('audience'));
  assertGrantable(client, scope, audience, options.scopeStrategy);
  // After the checks fosite's NewAuthorizeRequest makes first, before PKCE and nonce (its handlers').
  checkState(target.state, type, params.get('code_challenge'));
  const isPublic = client.token_endpoint_auth_method === 'none';
  // Tessera requires PKCE for public clients always (RFC 9700 §2.1.1), whatever enforced_for_public_clients says;
  // it protects a code, so a response without one has nothing for it to protect.
  const codeChallenge = checkChallenge(params.get('code_challenge'), params.get('code_challenge_method'), type.code && (options.pkceEnforced || isPublic));
  const nonce = params.get('nonce');
  if (type.token || type.idToken) checkFrontChannelRequest(type, scope, nonce, target.redirectUriSent);
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
    responseType: responseTypeName(type),
    responseMode,
    state: target.state,
    scope,
    audience,
    nonce,
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

/**
 * OpenID Connect Core §7.2.1: Tessera does not read the self-issued `registration` parameter,
 * and says so rather than ignoring it (fosite NewAuthorizeRequest). Request objects were read and
 * merged before this step (request-object.ts), so `request` and `request_uri` are gone by now.
 */
function refuseUnreadParameters(params: FormParameters): void {
  if (params.get('registration') !== undefined) throw errors.registrationNotSupported.withHint('The registration parameter is not supported.');
}

function maxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(value)) throw errors.invalidRequest.withHint('The "max_age" parameter must be a non-negative integer number of seconds.');
  return Number(value);
}

/**
 * Implicit and hybrid requests (OIDC Core §3.2.2.1, §3.3.2.11): nonce is REQUIRED whenever an ID
 * token comes from this endpoint, since it is then the client's only replay defence; an ID token
 * needs the openid scope; and redirect_uri must be sent (fosite's OpenID Connect handlers).
 */
function checkFrontChannelRequest(type: { idToken: boolean }, scope: string[], nonce: string | undefined, redirectUriSent: boolean): void {
  if (type.idToken && !scope.includes('openid')) {
    throw errors.unsupportedResponseType.withHint("The response_type 'id_token' requires the 'openid' scope.");
  }
  if (type.idToken && nonce === undefined) {
    throw errors.invalidRequest.withHint("Parameter 'nonce' must be set when requesting an ID Token using the OpenID Connect Implicit or Hybrid Flow.");
  }
  if (nonce !== undefined && !hasMinimumEntropy(nonce)) {
    throw errors.insufficientEntropy.withHint(`Parameter 'nonce' is set but does not satisfy the minimum entropy of ${MIN_PARAMETER_ENTROPY} characters.`);
  }
  if (scope.includes('openid') && !redirectUriSent) {
    throw errors.invalidRequest.withHint("The 'redirect_uri' parameter is required when using OpenID Connect 1.0.");
  }
}
