/**
 * hydra_oauth2_device_auth_codes (Hydra v25.4.0+, migration 20241609000001000000_device_flow;
 * persistence/sql/persister_device.go): RFC 8628 device authorizations in flight.
 *
 * What Hydra keeps of one: the device code's HMAC signature (device_code_signature, raw, as fosite's
 * Enigma returns it), the user code's HMAC (user_code_signature, fosite's GenerateHMACForString),
 * the request (client, requested scope and audience, pipe-delimited; requested_at, expires_at),
 * user_code_state (fosite: 0 unused, 1 accepted, 2 rejected), device_code_active (false once
 * redeemed) and the session, which holds the consented grant once the user approved.
 *
 * - Waiting for its user (state 0, active, unexpired): carried over as Tessera's `pending`. The
 *   device code is an `ory_dc_` fosite token that Tessera's HmacTokenStrategy verifies as it is,
 *   stored under the hash of its signature like every token; the user code keeps fosite's
 *   signature, which Tessera's verification page also looks a code up under (user-code.ts). So
 *   the device goes on polling /oauth2/token (authorization_pending), the user types the code
 *   Hydra showed at Tessera's page, and the next poll after the consent gets the tokens.
 * - Accepted (state 1) but not yet redeemed: Hydra sets the state in
 *   performOAuth2DeviceVerificationFlow once the consent is given, in the same update as the
 *   consented session (updateSessionWithRequest: subject, ID token claims with `sid`, the
 *   consent's access-token `extra`; granted scope and audience in their columns; request_id
 *   becomes the consent request id). Carried as Tessera's `approved`, the grant sealed as
 *   persistence/sql/device-code.ts seals it, so the device's next poll gets its tokens. One whose
 *   session does not open (sealed under another secret) cannot come along; one without a
 *   subject (a row not written as Hydra writes an accepted one) is reported as in flight, its
 *   user restarts the device login (NotCarried).
 *   (A user in the middle of login or consent at Hydra leaves the row at state 0: it is carried
 *   as pending, and the user enters the code again at Tessera's page.)
 * - Rejected (state 2), redeemed (inactive) or expired: nothing live, left behind.
 */
import type { Aead } from '../../../crypto/aead.js';
import type { DeviceGrant } from '../../../oauth2/device/device-code-store.js';
import { LeftBehind, NotCarried, Unimportable, utcMs } from '../mapping.js';
import type { HydraRow } from '../reader.js';
import { liveRowExpiry, NOT_LIVE, openHydraSession, pipeList, rowKey } from '../token-mapping.js';
import type { HydraKind } from './kind.js';

/** fosite's UserCodeState. */
const USER_CODE_UNUSED = 0;
const USER_CODE_ACCEPTED = 1;

export const DEVICE_IN_FLIGHT = 'in flight: the user restarts the device login';

export const deviceCodes: HydraKind = {
  name: 'device codes',
  singular: 'device code',
  table: 'hydra_oauth2_device_auth_codes',
  key: 'device_code_signature',
  async copy(row, { into, aead, dryRun }) {
    const expiresAt = liveRowExpiry(row, 'device_code_active');
    const state = Number(row.user_code_state ?? USER_CODE_UNUSED);
    if (state !== USER_CODE_UNUSED && state !== USER_CODE_ACCEPTED) throw new LeftBehind(NOT_LIVE);
    if (expiresAt === null) throw new Unimportable('it has no expiry');
    const key = rowKey(String(row.device_code_signature));
    const grant = state === USER_CODE_ACCEPTED ? consentedGrant(row, aead) : undefined;
    if (dryRun) return (await into.hasDeviceCode(key)) ? 'present' : 'copied';
    const inserted = await into.insertDeviceCode({
      device_code_signature: key,
      user_code_signature: String(row.user_code_signature),
      request_id: String(row.request_id),
      client_id: String(row.client_id),
      state: grant ? 'approved' : 'pending',
      challenge_id: null,
      requested_scope: JSON.stringify(pipeList(row.scope)),
      requested_audience: JSON.stringify(pipeList(row.requested_audience)),
      // Bound to the row's key, as Tessera's device code store seals and opens it.
      session_data: grant ? aead.seal(JSON.stringify(grant), `device:${key}`) : null,
      requested_at: utcMs(row.requested_at, 'requested_at'),
      expires_at: expiresAt,
      last_polled_at: 0,
    });
    if (inserted === 'missing client') throw new Unimportable(`its client ${String(row.client_id)} is not in Tessera's database`);
    return inserted ? 'copied' : 'present';
  },
  id: (row) => String(row.request_id),
};

/** The grant Hydra's consent put in an accepted row, as Tessera's device verification approves one. */
function consentedGrant(row: HydraRow, aead: Aead): DeviceGrant {
  const session = openHydraSession(row, aead);
  const subject = String(row.subject ?? '');
  if (!subject) throw new NotCarried(DEVICE_IN_FLIGHT);
  const idToken = session.idToken;
  return {
    // A device authorization has no redirect (RFC 8628): nothing to compare at the token endpoint.
    redirectUri: '',
    redirectUriSent: false,
    subject,
    ...(idToken?.subject && idToken.subject !== subject ? { idTokenSubject: idToken.subject } : {}),
    scope: pipeList(row.granted_scope),
    audience: pipeList(row.granted_audience),
    ext: session.ext,
    idTokenClaims: idToken?.claims ?? {},
    authTime: idToken?.authTime ?? 0,
    acr: idToken?.acr ?? '',
    amr: idToken?.amr ?? [],
    sid: idToken?.sid ?? '',
    // Hydra's request id of an accepted row is the consent request id (SetID in updateSessionWithRequest).
    consentRequestId: String(row.request_id),
  };
}
