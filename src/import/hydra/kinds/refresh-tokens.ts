/**
 * hydra_oauth2_refresh: refresh tokens that can still be presented, so that a client holding one
 * from Hydra refreshes at Tessera (once: Tessera rotates it as its own, and a second use is reuse).
 * - Active rows come as active. Rows Hydra rotated (active false, first_used_at set) come as
 *   rotated, with first_used_at and used_times, while their row has not expired (Hydra keeps them
 *   for the grace period and reuse detection, persister_oauth2.go gracefulRefreshRotation): a
 *   late reuse is still detected and revokes the grant. Rows Hydra revoked (active false, never
 *   used) and expired rows are left behind.
 * - Hydra keeps the raw signature: the key becomes Tessera's hash of it. access_token_signature
 *   is already that hash (x.SignatureHash): kept, so a refresh still revokes its access token.
 * - No expiry (NULL, or Go's zero time, in the row and the session): never expires, as in fosite.
 */
import { bool, LeftBehind, Unimportable, utcMs } from '../mapping.js';
import { NOT_LIVE, openHydraSession, optionalUtcMs, pipeList, rowKey } from '../token-mapping.js';
import type { HydraKind } from './kind.js';

export const refreshTokens: HydraKind = {
  name: 'refresh tokens',
  singular: 'refresh token',
  table: 'hydra_oauth2_refresh',
  key: 'signature',
  async copy(row, { into, aead, dryRun }) {
    const firstUsedAt = optionalUtcMs(row.first_used_at, 'first_used_at');
    const active = bool(row.active);
    if (!active && firstUsedAt === null) throw new LeftBehind(NOT_LIVE);
    const rowExpiry = optionalUtcMs(row.expires_at, 'expires_at');
    if (rowExpiry !== null && rowExpiry <= Date.now()) throw new LeftBehind(NOT_LIVE);
    const session = openHydraSession(row, aead);
    const expiresAt = rowExpiry ?? session.expiresAt.refresh_token ?? null;
    if (expiresAt !== null && expiresAt <= Date.now()) throw new LeftBehind(NOT_LIVE);
    const key = rowKey(String(row.signature));
    if (dryRun) return (await into.hasRefreshToken(key)) ? 'present' : 'copied';
    const accessKey = row.access_token_signature ? rowKey(String(row.access_token_signature)) : null;
    const refreshSession = { ext: session.ext, ...(session.idToken ? { idToken: session.idToken } : {}) };
    const inserted = await into.insertRefreshToken({
      signature: key,
      request_id: String(row.request_id),
      client_id: String(row.client_id),
      subject: String(row.subject ?? ''),
      granted_scope: pipeList(row.granted_scope).join(' '),
      granted_audience: JSON.stringify(pipeList(row.granted_audience)),
      requested_at: utcMs(row.requested_at, 'requested_at'),
      expires_at: expiresAt,
      active: active ? 1 : 0,
      first_used_at: firstUsedAt,
      used_times: Number(row.used_times ?? 0),
      access_token_signature: accessKey,
      // Sealed as Tessera's refresh store seals it (persistence/sql/refresh-token.ts): bound to the key.
      session_data: aead.seal(JSON.stringify(refreshSession), `refresh:${key}`),
    });
    if (inserted === 'missing client') throw new Unimportable(`its client ${String(row.client_id)} is not in Tessera's database`);
    return inserted ? 'copied' : 'present';
  },
  id: (row) => rowKey(String(row.signature)).slice(0, 16),
};
