/**
 * hydra_oauth2_code: authorization codes in flight (issued in the minutes before the switch, not
 * yet exchanged), so that the client's exchange at Tessera succeeds. Hydra's code row holds the
 * authorize request's form (redirect_uri, nonce, code_challenge and its method; the
 * hydra_oauth2_oidc and hydra_oauth2_pkce rows of the same code repeat them) and the consented
 * session; they become Tessera's ConsentedGrant, sealed bound to the code's key as
 * persistence/sql/code.ts seals it.
 * - Used and expired codes are left behind as not live (a replay of a used Hydra code then fails
 *   as an unknown code, without revoking what it issued).
 * - A code whose PKCE method is plain (Hydra's default when the method is absent) cannot be
 *   redeemed here (Tessera supports S256 only): left behind as in flight; its user signs in again.
 */
import type { CodeSession } from '../../../oauth2/code/code-store.js';
import { LeftBehind, Unimportable, utcMs } from '../mapping.js';
import { bool, openHydraSession, optionalUtcMs, pipeList, rowKey } from '../token-mapping.js';
import { NOT_LIVE } from './access-tokens.js';
import type { HydraKind } from './kind.js';

export const PLAIN_PKCE = 'in flight with a plain PKCE challenge, which Tessera does not accept (its user signs in again)';

export const authorizationCodes: HydraKind = {
  name: 'authorization codes',
  singular: 'authorization code',
  table: 'hydra_oauth2_code',
  key: 'signature',
  async copy(row, { into, aead, dryRun }) {
    const rowExpiry = optionalUtcMs(row.expires_at, 'expires_at');
    if (!bool(row.active) || (rowExpiry !== null && rowExpiry <= Date.now())) throw new LeftBehind(NOT_LIVE);
    const form = new URLSearchParams(String(row.form_data ?? ''));
    const challenge = form.get('code_challenge') || undefined;
    if (challenge && (form.get('code_challenge_method') || 'plain') !== 'S256') throw new LeftBehind(PLAIN_PKCE);
    const session = openHydraSession(row, aead);
    const expiresAt = rowExpiry ?? session.expiresAt.authorize_code ?? null;
    if (expiresAt === null) throw new Unimportable('it has no expiry, neither in its row nor in its session');
    if (expiresAt <= Date.now()) throw new LeftBehind(NOT_LIVE);
    const key = rowKey(String(row.signature));
    if (dryRun) return (await into.hasCode(key)) ? 'present' : 'copied';
    const idToken = session.idToken;
    const grant: CodeSession = {
      redirectUri: form.get('redirect_uri') ?? '',
      redirectUriSent: form.has('redirect_uri'),
      subject: String(row.subject ?? ''),
      ...(idToken?.subject ? { idTokenSubject: idToken.subject } : {}),
      scope: pipeList(row.granted_scope),
      audience: pipeList(row.granted_audience),
      ext: session.ext,
      idTokenClaims: idToken?.claims ?? {},
      ...(form.get('nonce') ? { nonce: form.get('nonce')! } : {}),
      ...(challenge ? { codeChallenge: challenge } : {}),
      authTime: idToken?.authTime ?? 0,
      acr: idToken?.acr ?? '',
      amr: idToken?.amr ?? [],
      sid: idToken?.sid ?? '',
    };
    const inserted = await into.insertCode({
      signature: key,
      request_id: String(row.request_id),
      client_id: String(row.client_id),
      requested_at: utcMs(row.requested_at, 'requested_at'),
      expires_at: expiresAt,
      active: 1,
      session_data: aead.seal(JSON.stringify(grant), `code:${key}`),
    });
    if (inserted === 'missing client') throw new Unimportable(`its client ${String(row.client_id)} is not in Tessera's database`);
    return inserted ? 'copied' : 'present';
  },
  id: (row) => rowKey(String(row.signature)).slice(0, 16),
};
