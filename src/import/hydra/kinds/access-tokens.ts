/**
 * hydra_oauth2_access: live access tokens (opaque, and JWT ones, whose rows Hydra keys the same
 * way), so that a token Hydra handed out introspects active at Tessera with the same subject,
 * client, scope, audience and `ext`. The row key stays Hydra's (it is Tessera's signatureKey);
 * the session is sealed again as Tessera's (token-session.ts). A token that expired or was
 * revoked has nothing to carry: it is left behind, counted, not an error.
 */
import { sealSession } from '../../../oauth2/tokens/token-session.js';
import { LeftBehind, Unimportable, utcMs } from '../mapping.js';
import { liveRowExpiry, NOT_LIVE, openHydraSession, pipeList, rowKey } from '../token-mapping.js';
import type { HydraKind } from './kind.js';

export const accessTokens: HydraKind = {
  name: 'access tokens',
  singular: 'access token',
  table: 'hydra_oauth2_access',
  key: 'signature',
  async copy(row, { into, aead, dryRun }) {
    const rowExpiry = liveRowExpiry(row, 'active');
    const session = openHydraSession(row, aead);
    const expiresAt = rowExpiry ?? session.expiresAt.access_token ?? null;
    if (expiresAt === null) throw new Unimportable('it has no expiry, neither in its row nor in its session');
    if (expiresAt <= Date.now()) throw new LeftBehind(NOT_LIVE);
    const key = rowKey(String(row.signature));
    if (dryRun) return (await into.hasAccessToken(key)) ? 'present' : 'copied';
    const inserted = await into.insertAccessToken({
      signature: key,
      request_id: String(row.request_id),
      client_id: String(row.client_id),
      subject: String(row.subject ?? ''),
      granted_scope: pipeList(row.granted_scope).join(' '),
      granted_audience: JSON.stringify(pipeList(row.granted_audience)),
      requested_at: utcMs(row.requested_at, 'requested_at'),
      expires_at: expiresAt,
      active: 1,
      // Sealed whatever oauth2.session.encrypt_at_rest says: Tessera reads sealed and plain alike.
      session_data: sealSession(aead, true, {
        ext: session.ext,
        strategy: session.strategy,
        ...(session.idToken ? { idToken: session.idToken } : {}),
      }),
    });
    if (inserted === 'missing client') throw new Unimportable(`its client ${String(row.client_id)} is not in Tessera's database`);
    return inserted ? 'copied' : 'present';
  },
  // Only the stored hash, never anything a token could be rebuilt from (it cannot be anyway).
  id: (row) => rowKey(String(row.signature)).slice(0, 16),
};
