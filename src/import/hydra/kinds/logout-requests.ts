/**
 * hydra_oauth2_logout_request: nothing of a logout request comes along. One still in flight
 * (not used, not rejected, not expired) is reported with its reason, since the user who started
 * it must start the logout again at Tessera; a handled or expired one is finished.
 */
import { bool, NotCarried, text, utcMs } from '../mapping.js';
import type { HydraKind } from './kind.js';

export const logoutRequests: HydraKind = {
  name: 'logout requests',
  singular: 'logout request',
  table: 'hydra_oauth2_logout_request',
  key: 'challenge',
  async copy(row) {
    const expired = row.expires_at !== null && row.expires_at !== undefined && utcMs(row.expires_at, 'expires_at') <= Date.now();
    if (bool(row.was_used) || bool(row.rejected) || expired) return 'finished';
    throw new NotCarried('in flight: the user retries the logout');
  },
  id: (row) => text(row.challenge),
};
