/**
 * RFC 6750 bearer token extraction and errors for the UserInfo endpoint (OIDC Core §5.3). The
 * token comes in the Authorization header (§2.1) or, on POST, as the form parameter
 * `access_token` (§2.2); a client MUST NOT use more than one method (§2), so both at once is
 * invalid_request. Every 401 carries WWW-Authenticate (§3); a request without any token gets no
 * error code in it (§3.1: "SHOULD NOT include an error code").
 */
import { errors } from '../../core/errors.js';

const challenge = (error: string, description: string) => ({ 'www-authenticate': `Bearer error="${error}", error_description="${description}"` });

export const bearerErrors = {
  missing: errors.requestUnauthorized.withHint('No access token was presented.').withHeaders({ 'www-authenticate': 'Bearer' }),
  // §3.1: invalid_token for an expired, revoked, malformed or otherwise invalid access token.
  invalidToken: errors.invalidToken.withHeaders(challenge('invalid_token', errors.invalidToken.description)),
  twoMethods: errors.invalidRequest
    .withHint('The access token was presented in more than one way; use exactly one (RFC 6750 §2).')
    .withHeaders(challenge('invalid_request', 'The access token was presented in more than one way.')),
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
