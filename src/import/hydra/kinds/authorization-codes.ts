/**
 * hydra_oauth2_code (with hydra_oauth2_oidc and hydra_oauth2_pkce, which hold the nonce and PKCE
 * challenge of the same codes): not copied. A code lives minutes (ttl.auth_code, 10m by
 * default) between the redirect back to the client and its exchange; one issued by Hydra just
 * before the switch is counted as in flight, and its user simply signs in again (the client's
 * exchange fails with invalid_grant, as for any expired code). Used and expired codes are
 * counted as not live.
 */
import { LeftBehind } from '../mapping.js';
import { bool, optionalUtcMs, rowKey } from '../token-mapping.js';
import { NOT_LIVE } from './access-tokens.js';
import type { HydraKind } from './kind.js';

export const IN_FLIGHT = 'in flight, cannot be copied (its user signs in again)';

export const authorizationCodes: HydraKind = {
  name: 'authorization codes',
  singular: 'authorization code',
  table: 'hydra_oauth2_code',
  key: 'signature',
  async copy(row) {
    const expiresAt = optionalUtcMs(row.expires_at, 'expires_at');
    const live = bool(row.active) && (expiresAt === null || expiresAt > Date.now());
    throw new LeftBehind(live ? IN_FLIGHT : NOT_LIVE);
  },
  id: (row) => rowKey(String(row.signature)).slice(0, 16),
};
