/**
 * The refusals of admin API authentication, in Hydra's JSON error shape with the challenges of
 * RFC 6750 §3: every 401 carries WWW-Authenticate: Bearer; a request that presented no token gets
 * no error code in it (§3.1 "SHOULD NOT include an error code"); a bad token gets invalid_token;
 * a good token without the admin scope gets 403 insufficient_scope naming the scope it needs.
 */
import { errors } from '../../core/errors.js';

export const ADMIN_REALM = 'tessera-admin';

export const adminAuthErrors = {
  missing: errors.requestUnauthorized
    .withHint('The admin API requires an Authorization: Bearer token.')
    .withHeaders({ 'www-authenticate': `Bearer realm="${ADMIN_REALM}"` }),
  invalidToken: errors.invalidToken.withHeaders({
    'www-authenticate': `Bearer realm="${ADMIN_REALM}", error="invalid_token", error_description="${errors.invalidToken.description}"`,
  }),
  insufficientScope: (scope: string) =>
    errors.insufficientScope.withHint(`The access token must carry the scope "${scope}".`).withHeaders({
      'www-authenticate': `Bearer realm="${ADMIN_REALM}", error="insufficient_scope", error_description="The access token lacks the admin scope.", scope="${scope}"`,
    }),
};
