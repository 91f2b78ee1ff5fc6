/**
 * hydra_oauth2_code: authorization codes in flight (issued in the minutes before the switch, not
 * yet exchanged), so that the client's exchange at Tessera succeeds. fosite stores the authorize
 * request three times, each copy sanitized to what it needs (request.go Sanitize): the code row
 * keeps redirect_uri (fositex GetSanitationWhiteList) and the consented session; the
 * hydra_oauth2_pkce row (same signature) code_challenge and its method; the hydra_oauth2_oidc row
 * (keyed by the whole code, flow_explicit_auth.go) the nonce. The latter two are found by the
 * code's request_id. Together they become Tessera's ConsentedGrant, sealed bound to the code's
 * key as persistence/sql/code.ts seals it.
 * - Used and expired codes are left behind as not live (a replay of a used Hydra code then fails
 *   as an unknown code, without revoking what it issued).
 * - A code whose PKCE method is plain (Hydra's default when the method is absent) cannot be
 *   redeemed here (Tessera supports S256 only): left behind as in flight; its user signs in again.
 */
import type { CodeSession } from '../../../oauth2/code/code-store.js';
import { LeftBehind, Unimportable, utcMs } from '../mapping.js';
import { liveRowExpiry, NOT_LIVE, openHydraSession, pipeList, rowKey } from '../token-mapping.js';
import { requestRows, type HydraRow } from '../reader.js';
import type { HydraKind } from './kind.js';

const formOf = (row: HydraRow | undefined) => new URLSearchParams(row ? String(row.form_data ?? '') : '');

export const PLAIN_PKCE = 'in flight with a plain PKCE challenge, which Tessera does not accept (its user signs in again)';

export const authorizationCodes: HydraKind = {
  name: 'authorization codes',
  singular: 'authorization code',
  table: 'hydra_oauth2_code',
  key: 'signature',
  async copy(row, { source, nid, into, aead, dryRun }) {
    const rowExpiry = liveRowExpiry(row, 'active');
    const signature = String(row.signature);
    const requestId = String(row.request_id);
    const form = formOf(row);
    const [pkce, oidc] = await Promise.all([
      requestRows(source, 'hydra_oauth2_pkce', nid, requestId),
      requestRows(source, 'hydra_oauth2_oidc', nid, requestId),
    ]);
    const pkceForm = formOf(pkce.find((r) => String(r.signature) === signature));
    const oidcForm = formOf(oidc.find((r) => String(r.signature).endsWith(`.${signature}`)));
    const challenge = pkceForm.get('code_challenge') || undefined;
    // Hydra v26 refuses plain (fositex GetEnablePKCEPlainChallengeMethod); an older setup may not have.
    if (challenge && (pkceForm.get('code_challenge_method') || 'plain') !== 'S256') throw new LeftBehind(PLAIN_PKCE);
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
      ...(oidcForm.get('nonce') ? { nonce: oidcForm.get('nonce')! } : {}),
      ...(challenge ? { codeChallenge: challenge } : {}),
      authTime: idToken?.authTime ?? 0,
      acr: idToken?.acr ?? '',
      amr: idToken?.amr ?? [],
      sid: idToken?.sid ?? '',
    };
    const inserted = await into.insertCode({
      signature: key,
      request_id: requestId,
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
