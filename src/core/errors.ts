/**
 * The one error type of Tessera. Every failure a caller can cause is an OAuthError with an
 * RFC 6749 §5.2 (or RFC 7009, RFC 7662, OpenID Connect) error code; everything else becomes
 * `server_error` at the renderer, so no internal detail reaches a response.
 *
 * Instances are immutable: `withHint` and `withDebug` return copies, so the shared
 * constants below can be refined per call site without leaking state between requests.
 */
export class OAuthError extends Error {
  readonly error: string;
  readonly description: string;
  readonly hint: string | undefined;
  readonly debug: string | undefined;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    error: string,
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

const e = (error: string, description: string, status: number) => new OAuthError(error, description, status);

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
  serverError: e(
    'server_error',
    'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.',
    500,
  ),
} as const;

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}
