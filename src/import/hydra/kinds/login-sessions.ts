/**
 * hydra_oauth2_authentication_session: the login sessions Hydra remembers, found again from
 * Hydra's cookie (flow/imported-login-sessions.ts). Every row comes along as Hydra holds it;
 * only remembered, unexpired ones let a login skip, as in Hydra (GetRememberedLoginSession, the
 * cookie's lifetime). An identity provider session id comes along for the logout to end it.
 */
import { bool, text, Unimportable, utcMs } from '../mapping.js';
import type { HydraKind } from './kind.js';

export const loginSessions: HydraKind = {
  name: 'login sessions',
  singular: 'login session',
  table: 'hydra_oauth2_authentication_session',
  key: 'id',
  async copy(row, { into, dryRun }) {
    const sid = text(row.id);
    const remember = bool(row.remember);
    if (remember && (row.authenticated_at === null || row.authenticated_at === undefined))
      throw new Unimportable('it is remembered but has no authenticated_at');
    // No expiry (a row older than Hydra's expires_at column): kept as expired, never honoured.
    const expiresAt = row.expires_at === null || row.expires_at === undefined ? 0 : utcMs(row.expires_at, 'expires_at');
    const session = {
      sid,
      subject: text(row.subject),
      remember: remember ? 1 : 0,
      authenticated_at: row.authenticated_at ? utcMs(row.authenticated_at, 'authenticated_at') : 0,
      expires_at: expiresAt,
    };
    if (dryRun) return (await into.hasLoginSession(sid)) ? 'present' : 'copied';
    const idpSession = text(row.identity_provider_session_id);
    const idp =
      remember && idpSession !== '' && expiresAt > 0
        ? { sid, subject: session.subject, identity_provider_session_id: idpSession, expires_at: expiresAt }
        : undefined;
    return (await into.insertLoginSession(session, idp)) ? 'copied' : 'present';
  },
  id: (row) => text(row.id),
};
