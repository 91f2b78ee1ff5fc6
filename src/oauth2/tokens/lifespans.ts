/**
 * One rule for how long a token lives, fosite's `GetEffectiveLifespan(client, grantType,
 * tokenType, fallback)` (fosite client.go, ClientWithCustomTokenLifespans): the client's
 * per-grant lifespan when it sets one (Hydra's `<grant>_grant_<token>_lifespan` fields), else the
 * configured `ttl.<token>`. Both sides are milliseconds already: the configured defaults are parsed
 * at start (registry/tokens.ts), the client's when it is read (client/lifespan.ts).
 */
import { lifespansMs } from '../../client/lifespan.js';
import { LIFESPAN_FIELDS, type LifespanField, type Lifespans } from '../../client/client.js';

/** The grants of Hydra's lifespan field names (`implicit` for the front-channel tokens). */
export type LifespanGrant = 'authorization_code' | 'client_credentials' | 'implicit' | 'refresh_token' | 'jwt_bearer' | 'device_authorization';
export type LifespanToken = 'access_token' | 'id_token' | 'refresh_token';

/** ttl.access_token, ttl.id_token and ttl.refresh_token, in milliseconds (negative: never expires). */
export type DefaultLifespans = Readonly<Record<LifespanToken, number>>;

export function effectiveLifespan(
  client: Readonly<Lifespans>,
  grant: LifespanGrant,
  token: LifespanToken,
  defaults: DefaultLifespans,
): number {
  const field = `${grant}_grant_${token}_lifespan`;
  const own = isLifespanField(field) ? lifespansMs(client)[field] : undefined;
  return own ?? defaults[token];
}

/** Hydra has no field for every pair (no client_credentials refresh token): those use the default. */
function isLifespanField(field: string): field is LifespanField {
  return (LIFESPAN_FIELDS as readonly string[]).includes(field);
}
