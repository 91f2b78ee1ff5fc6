/**
 * The one error type of Tessera. Every failure a caller can cause is an OAuthError with an
 * RFC 6749 §5.2 (or RFC 7009, RFC 7662, OpenID Connect) error code; everything else becomes
 * `server_error` at the renderer, so no internal detail reaches a response.
 *
 * Instances are immutable: `withHint` and `withDebug` return copies, so the shared
 * constants below can be refined per call site without leaking state between requests.
 */
/**
 * Every error code Tessera emits: RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, RFC 7591 §3.2.2,
 * OpenID Connect Core §3.1.2.6, and the codes fosite and Hydra add (fosite errors.go:
 * request_unauthorized, request_forbidden, insufficient_entropy, invalid_state, ...). A closed union,
 * so that a misspelt code fails to compile and a `switch` over `error.error` narrows.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'unsupported_response_mode'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'consent_required'
  | 'request_not_supported'
  | 'request_uri_not_supported'
  | 'registration_not_supported'
  | 'invalid_request_uri'
  | 'invalid_request_object'
  | 'invalid_client_metadata'
  | 'invalid_redirect_uri'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'request_unauthorized'
  | 'request_forbidden'
  | 'insufficient_entropy'
  | 'invalid_state'
  | 'not_found'
  | 'conflict'
  | 'method_not_allowed'
  | 'request_entity_too_large'
  | 'unsupported_media_type'
  | 'bad_gateway'
  | 'jti_known'
  | 'missing_required_parameter'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token';

declare const relayed: unique symbol;

/**
 * A code the login or consent app chose when it rejected a request (Hydra flow/consent_types.go
 * RequestDeniedError): Hydra hands it to the client verbatim, so it cannot be in the closed union.
 * Branded, so that only `relayedDenial` below makes one.
 */
export type RelayedErrorCode = string & { readonly [relayed]: true };

export class OAuthError extends Error {
  readonly error: OAuthErrorCode | RelayedErrorCode;
  readonly description: string;
  readonly hint: string | undefined;
  readonly debug: string | undefined;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    error: OAuthErrorCode | RelayedErrorCode,
    description: string,
    statusCode: number,
    hint?: string,
    debug?: string,
    headers: Record<string, string> = {},
  ) {
    super(hint ? `${description} ${hint}` : description);
    this.name = 'OAuthError';
    this.error = error;
    this.description = description;
    this.hint = hint;
    this.debug = debug;
    this.statusCode = statusCode;
    this.headers = Object.freeze({ ...headers });
    Object.freeze(this);
  }

  withHint(hint: string): OAuthError {
    return new OAuthError(this.error, this.description, this.statusCode, hint, this.debug, this.headers);
  }

  withDebug(debug: string): OAuthError {
    return new OAuthError(this.error, this.description, this.statusCode, this.hint, debug, this.headers);
  }

  withHeaders(headers: Record<string, string>): OAuthError {
    return new OAuthError(this.error, this.description, this.statusCode, this.hint, this.debug, {
      ...this.headers,
      ...headers,
    });
  }

  /** The JSON body in Hydra's shape; `error_debug` only when the operator exposes internals. */
  toJSON(exposeDebug = false): Record<string, unknown> {
    const body: Record<string, unknown> = {
      error: this.error,
      error_description: this.hint ? `${this.description} ${this.hint}` : this.description,
    };
    if (this.hint) body.error_hint = this.hint;
    if (exposeDebug && this.debug) body.error_debug = this.debug;
    body.status_code = this.statusCode;
    return body;
  }
}

const e = (error: OAuthErrorCode, description: string, status: number) => new OAuthError(error, description, status);

export const errors = {
  invalidRequest: e(
    'invalid_request',
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
    400,
  ),
  invalidClient: e(
    'invalid_client',
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
    401,
  ),
  invalidGrant: e(
    'invalid_grant',
    'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
    400,
  ),
  unauthorizedClient: e(
    'unauthorized_client',
    'The client is not authorized to request a token using this method.',
    400,
  ),
  unsupportedGrantType: e(
    'unsupported_grant_type',
    'The authorization grant type is not supported by the authorization server.',
    400,
  ),
  invalidScope: e(
    'invalid_scope',
    'The requested scope is invalid, unknown, or malformed.',
    400,
  ),
  accessDenied: e(
    'access_denied',
    'The resource owner or authorization server denied the request.',
    403,
  ),
  invalidClientMetadata: e(
    'invalid_client_metadata',
    'The value of one of the Client Metadata fields is invalid and the server has rejected this request. Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter of a Client\'s Metadata.',
    400,
  ),
  invalidRedirectUri: e(
    'invalid_redirect_uri',
    'The value of one or more redirect_uris is invalid.',
    400,
  ),
  notFound: e('not_found', 'Unable to locate the resource.', 404),
  conflict: e('conflict', 'Unable to insert or update resource because a resource with that value exists already.', 409),
  payloadTooLarge: e('request_entity_too_large', 'The request body is larger than this server accepts.', 413),
  unsupportedMediaType: e('unsupported_media_type', 'The request body has a media type this endpoint does not accept.', 415),
  methodNotAllowed: e('method_not_allowed', 'The HTTP method is not allowed on this resource.', 405),
  temporarilyUnavailable: e(
    'temporarily_unavailable',
    'The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.',
    503,
  ),
  // OpenID Connect Core §6.1, §6.2, §7.2.1 (fosite errors.go): an OP that does not read a request
  // object, a request_uri or a registration parameter says so rather than ignoring it.
  requestNotSupported: e('request_not_supported', 'The OP does not support use of the request parameter.', 400),
  requestUriNotSupported: e('request_uri_not_supported', 'The OP does not support use of the request_uri parameter.', 400),
  registrationNotSupported: e('registration_not_supported', 'The OP does not support use of the registration parameter.', 400),
  // OpenID Connect Core §6.1, §6.2 and RFC 9101 §6.3 (fosite errors.go): a request object that
  // cannot be fetched, verified or used.
  invalidRequestUri: e('invalid_request_uri', 'The request_uri in the Authorization Request returns an error or contains invalid data.', 400),
  invalidRequestObject: e('invalid_request_object', 'The request parameter contains an invalid Request Object.', 400),
  // Hydra oauth2/token_hook.go: a token hook that refused (403), answered otherwise, or could not
  // be reached. The description is the one Hydra sends; the cause goes to error_debug.
  tokenHookDenied: e('access_denied', 'The token hook target responded with an error.', 403),
  tokenHookRefused: e('server_error', 'The token hook target responded with an error.', 500),
  tokenHookUnreachable: e('server_error', 'An error occurred while executing the token hook.', 500),
  serverError: e(
    'server_error',
    'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.',
    500,
  ),
  // The authorization endpoint (fosite errors.go ErrUnsupportedResponseType, ErrUnsupportedResponseMode,
  // ErrInsufficientEntropy, ErrInvalidState): returned to the client by redirect once it is known.
  unsupportedResponseType: e(
    'unsupported_response_type',
    'The authorization server does not support obtaining a token using this method.',
    400,
  ),
  unsupportedResponseMode: e(
    'unsupported_response_mode',
    'The authorization server does not support the requested response mode.',
    400,
  ),
  insufficientEntropy: e(
    'insufficient_entropy',
    'The request used a security parameter (e.g., anti-replay, anti-csrf) with insufficient entropy.',
    400,
  ),
  invalidState: e(
    'invalid_state',
    'The state is missing or does not have enough characters and is therefore considered too weak.',
    400,
  ),
  // OpenID Connect Core §3.1.2.6: prompt=none when the user must log in or consent.
  loginRequired: e('login_required', 'The Authorization Server requires End-User authentication.', 400),
  consentRequired: e('consent_required', 'The Authorization Server requires End-User consent.', 400),
  // fosite ErrRequestForbidden: the CSRF cookie of the login/consent round trip is missing or wrong.
  requestForbidden: e('request_forbidden', 'The request is not allowed.', 403),
  // A login, consent or logout challenge accepted or rejected a second time (flow-states.ts).
  alreadyHandled: e('conflict', 'The request has already been handled.', 409),
  // RFC 6750 §3.1 for the UserInfo endpoint and the admin API; fosite ErrRequestUnauthorized when
  // no token was presented at all (§3.1: no error code in the challenge then).
  requestUnauthorized: e('request_unauthorized', 'The request could not be authorized.', 401),
  invalidToken: e('invalid_token', 'The access token provided is expired, revoked, malformed, or invalid for other reasons.', 401),
  insufficientScope: e('insufficient_scope', 'The request requires higher privileges than provided by the access token.', 403),
  // fosite ErrJTIKnown: an assertion whose `jti` was already used (RFC 7523 §3 item 7).
  jtiKnown: e('jti_known', 'The jti was already used.', 400),
  // Hydra oauth2/trust/error.go: a trust relationship without a field it needs.
  missingRequiredParameter: e('missing_required_parameter', 'One of the required parameters is missing. Check your request parameters.', 400),
  // RFC 8628 §3.5, in fosite's words (errors.go): the device grant's polling answers.
  authorizationPending: e('authorization_pending', "The authorization request is still pending as the end user hasn't yet completed the user-interaction steps.", 400),
  slowDown: e('slow_down', 'The authorization request was rate-limited to prevent system overload.', 400),
  expiredToken: e('expired_token', 'The device_code has expired, and the device authorization session has concluded.', 400),
  // Hydra's tlsx.EnforceTLSRequests refusal, status and text (termination-guard.ts).
  insecureHttp: e('bad_gateway', 'can not serve request over insecure http', 502),
} as const;

/**
 * invalid_request with another 4xx status: a request Node's parser (431, 408) or Fastify refused,
 * kept at its own status in Hydra's shape.
 */
export function invalidRequestWithStatus(statusCode: number): OAuthError {
  return new OAuthError('invalid_request', errors.invalidRequest.description, statusCode);
}

/** The login or consent app's rejection, relayed to the client as it was written (Hydra RequestDeniedError). */
export function relayedDenial(denied: { error: string; error_description: string; status_code: number; error_hint: string; error_debug?: string }): OAuthError {
  return new OAuthError(denied.error as RelayedErrorCode, denied.error_description, denied.status_code, denied.error_hint || undefined, denied.error_debug || undefined);
}

/**
 * A login, consent or logout challenge whose request was already used: Hydra (consent/handler.go)
 * answers 410 Gone with the body of flow.OAuth2RedirectTo, `{redirect_to}`, where the app should
 * send the user agent instead of showing a form. Not an error body, so not an OAuthError; the
 * error renderer (http/error-renderer.ts) writes it.
 */
export class RequestAlreadyUsed extends Error {
  readonly statusCode = 410;

  constructor(readonly redirectTo: string) {
    super('The request has already been used.');
    this.name = 'RequestAlreadyUsed';
    Object.freeze(this);
  }

  toJSON(): { redirect_to: string } {
    return { redirect_to: this.redirectTo };
  }
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}
