/**
 * Composes the JWT-bearer trust relationships (src/oauth2/trust/): the SQL store, read by the
 * grant (registry/tokens.ts), and the admin use cases with page tokens sealed under
 * secrets.pagination, bound to this list.
 */
import type { Aead } from '../crypto/aead.js';
import type { Database } from '../persistence/database.js';
import { PageTokens } from '../client/page-token.js';
import { TrustAdmin } from '../oauth2/trust/trust-admin.js';
import type { TrustStore } from '../oauth2/trust/trust-store.js';
import { SqlTrustStore } from '../persistence/sql/trust.js';

export interface TrustServices {
  store: TrustStore;
  admin: TrustAdmin;
}

export function createTrustServices(database: Database, pagination: Aead, now: () => number): TrustServices {
  const store = new SqlTrustStore(database);
  const pageTokens = new PageTokens(pagination, now, 'tessera/admin/trust/grants/jwt-bearer/issuers/page-token');
  return { store, admin: new TrustAdmin(store, pageTokens, now) };
}
