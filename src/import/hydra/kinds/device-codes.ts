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
 * - Accepted (state 1: Hydra sets it in performOAuth2DeviceVerificationFlow, once the consent is
 *   given, together with the consented session) but not yet redeemed: the device redeems it at
 *   its next poll, seconds later (the polling interval is 5 s), so only a switch inside those
 *   seconds meets one. It is reported (NotCarried), not carried: its user restarts the device
 *   login. (A user in the middle of login or consent at Hydra leaves the row at state 0: it is
 *   carried, and the user enters the code again at Tessera's page.)
 * - Rejected (state 2), redeemed (inactive) or expired: nothing live, left behind.
 */
import { LeftBehind, NotCarried, Unimportable, utcMs } from '../mapping.js';
import { bool, optionalUtcMs, pipeList, rowKey } from '../token-mapping.js';
import { NOT_LIVE } from './access-tokens.js';
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
  async copy(row, { into, dryRun }) {
    const expiresAt = optionalUtcMs(row.expires_at, 'expires_at');
    const state = Number(row.user_code_state ?? USER_CODE_UNUSED);
    if (!bool(row.device_code_active) || (expiresAt !== null && expiresAt <= Date.now())) throw new LeftBehind(NOT_LIVE);
    if (state === USER_CODE_ACCEPTED) throw new NotCarried(DEVICE_IN_FLIGHT);
    if (state !== USER_CODE_UNUSED) throw new LeftBehind(NOT_LIVE);
    if (expiresAt === null) throw new Unimportable('it has no expiry');
    const key = rowKey(String(row.device_code_signature));
    if (dryRun) return (await into.hasDeviceCode(key)) ? 'present' : 'copied';
    const inserted = await into.insertDeviceCode({
      device_code_signature: key,
      user_code_signature: String(row.user_code_signature),
      request_id: String(row.request_id),
      client_id: String(row.client_id),
      state: 'pending',
      challenge_id: null,
      requested_scope: JSON.stringify(pipeList(row.scope)),
      requested_audience: JSON.stringify(pipeList(row.requested_audience)),
      session_data: null,
      requested_at: utcMs(row.requested_at, 'requested_at'),
      expires_at: expiresAt,
      last_polled_at: 0,
    });
    if (inserted === 'missing client') throw new Unimportable(`its client ${String(row.client_id)} is not in Tessera's database`);
    return inserted ? 'copied' : 'present';
  },
  id: (row) => String(row.request_id),
};
