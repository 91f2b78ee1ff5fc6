/**
 * RFC 6750 bearer token extraction and errors for the UserInfo endpoint (OIDC Core §5.3). The
 * token comes in the Authorization header (§2.1) or, on POST, as the form parameter
 * `access_token` (§2.2); a client MUST NOT use more than one method (§2), so both at once is
 * invalid_request. Every 401 carries WWW-Authenticate (§3); a request without any token gets no
 * error code in it (§3.1: "SHOULD NOT include an error code").
 */
import { OAuthError } from '../../core/errors.js';

const challenge = (error: string, description: string) => ({ 'www-authenticate': `Bearer error="${error}", error_description="${description}"` });

export const bearerErrors = {
  missing: new OAuthError('request_unauthorized', 'The request could not be authorized.', 401, 'No access token was presented.', undefined, {
    'www-authenticate': 'Bearer',
  }),
  // §3.1: invalid_token for an expired, revoked, malformed or otherwise invalid access token.
  invalidToken: new OAuthError(
    'invalid_token',
    'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
    401,
    undefined,
    undefined,
    challenge('invalid_token', 'The access token provided is expired, revoked, malformed, or invalid for other reasons.'),
  ),
  twoMethods: new OAuthError(
    'invalid_request',
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
    400,
    'The access token was presented in more than one way; use exactly one (RFC 6750 §2).',
    undefined,
    challenge('invalid_request', 'The access token was presented in more than one way.'),
  ),
};

/** The presented access token, or undefined when none was presented. */
export function bearerToken(authorization: string | undefined, body: unknown): string | undefined {
  const fromHeader = /^Bearer +([^ ]+) *$/i.exec(authorization ?? '')?.[1];
  if (authorization && !fromHeader) throw bearerErrors.invalidToken;
  const field = body && typeof body === 'object' ? (body as Record<string, unknown>).access_token : undefined;
  if (Array.isArray(field)) throw bearerErrors.twoMethods;
  const fromBody = typeof field === 'string' && field !== '' ? field : undefined;
  if (fromHeader && fromBody) throw bearerErrors.twoMethods;
  return fromHeader ?? fromBody;
}
