/**
 * The refusals of admin API authentication, in Hydra's JSON error shape with the challenges of
 * RFC 6750 §3: every 401 carries WWW-Authenticate: Bearer; a request that presented no token gets
 * no error code in it (§3.1 "SHOULD NOT include an error code"); a bad token gets invalid_token;
 * a good token without the admin scope gets 403 insufficient_scope naming the scope it needs.
 */
import { OAuthError } from '../../core/errors.js';

export const ADMIN_REALM = 'tessera-admin';

const INVALID_TOKEN_DESCRIPTION = 'The access token provided is expired, revoked, malformed, or invalid for other reasons.';

export const adminAuthErrors = {
  missing: new OAuthError(
    'request_unauthorized',
    'The request could not be authorized.',
    401,
    'The admin API requires an Authorization: Bearer token.',
    undefined,
    { 'www-authenticate': `Bearer realm="${ADMIN_REALM}"` },
  ),
  invalidToken: new OAuthError('invalid_token', INVALID_TOKEN_DESCRIPTION, 401, undefined, undefined, {
    'www-authenticate': `Bearer realm="${ADMIN_REALM}", error="invalid_token", error_description="${INVALID_TOKEN_DESCRIPTION}"`,
  }),
  insufficientScope: (scope: string) =>
    new OAuthError(
      'insufficient_scope',
      'The request requires higher privileges than provided by the access token.',
      403,
      `The access token must carry the scope "${scope}".`,
      undefined,
      {
        'www-authenticate': `Bearer realm="${ADMIN_REALM}", error="insufficient_scope", error_description="The access token lacks the admin scope.", scope="${scope}"`,
      },
    ),
};
