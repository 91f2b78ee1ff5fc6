/**
 * Hydra's RFC 8628 device authorizations for the import tests: hydra_oauth2_device_auth_codes as
 * migration 20241609000001000000_device_flow creates it (foreign keys left out, as in
 * ./sessions.ts), and rows as persistence/sql/persister_device.go writes them, with node:crypto
 * alone:
 * - device_code_signature: the raw HMAC part of the `ory_dc_` fosite device code (./tokens.ts
 *   fositeToken; rfc8628 GenerateDeviceCode), not hashed (unlike hydra_oauth2_access);
 * - user_code_signature: fosite's GenerateHMACForString of the user code, HMAC-SHA-512/256 under
 *   SHA-256(secrets.system[0]), unpadded base64url; the user code drawn from Hydra's "high"
 *   alphabet (8 characters);
 * - scope and audiences pipe-delimited, form_data url-encoded, session_data Hydra's oauth2.Session
 *   JSON sealed (encrypt_at_rest), user_code_state fosite's 0 unused / 1 accepted, device_code_active.
 * The rows: one waiting for its user, one its user accepted (the device not yet redeemed it: as
 * oauth2/handler.go performOAuth2DeviceVerificationFlow leaves it, user_code_state 1, the
 * consented session with its ID token claims, `sid` and access-token `extra`, granted scope, and
 * request_id the consent request id), one marked accepted without a consented session (not as
 * Hydra writes one), one redeemed and one expired; their client "hydra-tv"
 * (device grant, PBKDF2 secret).
 */
import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../src/persistence/dsn.js';
import { hydraSeal } from './fixture.js';
import { hydraUtc, insertHydraClient } from './hydra-client-row.js';
import { fositeToken, hydraSession } from './tokens.js';

const COLUMNS = (uuid: string, now: string) => `device_code_signature VARCHAR(255) NOT NULL, user_code_signature VARCHAR(255) NOT NULL,
  request_id VARCHAR(40) NOT NULL, requested_at TIMESTAMP NOT NULL DEFAULT ${now}, client_id VARCHAR(255) NOT NULL,
  scope VARCHAR(1024) NOT NULL, granted_scope VARCHAR(1024) NOT NULL, form_data VARCHAR(4096) NOT NULL, session_data TEXT NOT NULL,
  subject VARCHAR(255) NOT NULL DEFAULT '', device_code_active BOOL NOT NULL DEFAULT true, user_code_state SMALLINT NOT NULL DEFAULT 0,
  requested_audience VARCHAR(1024) NOT NULL, granted_audience VARCHAR(1024) NOT NULL, challenge_id VARCHAR(40) NULL,
  expires_at TIMESTAMP NULL, nid ${uuid} NOT NULL, PRIMARY KEY (device_code_signature, nid)`;

const SCHEMA: Record<Dialect, string[]> = {
  postgres: [`CREATE TABLE hydra_oauth2_device_auth_codes (${COLUMNS('UUID', 'NOW()')})`],
  mysql: [`CREATE TABLE hydra_oauth2_device_auth_codes (${COLUMNS('CHAR(36)', 'CURRENT_TIMESTAMP')})`],
  sqlite: [`CREATE TABLE hydra_oauth2_device_auth_codes (${COLUMNS('UUID', 'CURRENT_TIMESTAMP')})`],
};
const UNIQUE =
  'CREATE UNIQUE INDEX hydra_oauth2_device_auth_codes_user_code_signature_idx ON hydra_oauth2_device_auth_codes (nid, user_code_signature)';

export const DEVICE_CLIENT = 'hydra-tv';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const HIGH = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';

export interface HydraDeviceCodes {
  client: { id: string; secret: string };
  scope: string[];
  /** Waiting for its user: the device code the device polls with and the user code it shows. */
  pending: { deviceCode: string; userCode: string; requestId: string };
  /** Marked accepted, but with no consented session in it (not as Hydra writes one): reported as in flight. */
  inFlightRequestId: string;
  /** Accepted by its user at Hydra (consent given), not yet redeemed. */
  accepted: {
    deviceCode: string;
    requestId: string;
    subject: string;
    sid: string;
    ext: Record<string, unknown>;
    idTokenClaims: Record<string, unknown>;
  };
}

const ACCEPTED = { subject: 'tv-user-2', sid: randomUUID(), ext: { plan: 'family' }, idTokenClaims: { household: 'smith' } };

const utc = hydraUtc;

/** fosite's GenerateHMACForString. */
export function fositeUserCodeSignature(userCode: string, systemSecret: string): string {
  const key = createHash('sha256').update(systemSecret, 'utf8').digest();
  return createHmac('sha512-256', key).update(userCode, 'utf8').digest('base64url');
}

export async function writeHydraDeviceCodes(
  db: Kysely<unknown>,
  dialect: Dialect,
  nid: string,
  systemSecret: string,
  now: number,
): Promise<HydraDeviceCodes> {
  for (const statement of [...SCHEMA[dialect], UNIQUE]) await sql.raw(statement).execute(db);
  const client = { id: DEVICE_CLIENT, secret: `tv-${randomBytes(8).toString('hex')}` };
  await insertHydraClient(db, nid, {
    id: client.id,
    pk: 300,
    name: 'TV',
    secret: client.secret,
    redirectUris: [],
    grantTypes: [DEVICE_GRANT, 'refresh_token'],
    scope: 'openid offline videos.read',
    createdAt: now - 86_400_000,
  });

  const scope = ['openid', 'offline', 'videos.read'];
  const write = async (row: { state: number; active: boolean; requestedAt: number; expiresAt: number; subject?: string }) => {
    const deviceCode = fositeToken('at', systemSecret); // the same HMAC; the prefix is the device code's
    const token = deviceCode.token.replace(/^ory_at_/, 'ory_dc_');
    let userCode = '';
    for (let i = 0; i < 8; i++) userCode += HIGH[randomInt(HIGH.length)];
    const requestId = randomUUID().replace(/-/g, '');
    const expiresAt = { device_code: row.expiresAt, user_code: row.expiresAt };
    // Before the consent the session names nobody; Hydra's consent fills it (updateSessionWithRequest).
    const session = hydraSeal(
      row.subject
        ? hydraSession({
            subject: row.subject,
            clientId: client.id,
            ext: ACCEPTED.ext,
            expiresAt,
            idToken: {
              claims: { ...ACCEPTED.idTokenClaims, sid: ACCEPTED.sid },
              authTime: row.requestedAt + 20_000,
              requestedAt: row.requestedAt,
              acr: '1',
              amr: ['pwd'],
              issuer: 'https://auth.example.com',
            },
          })
        : hydraSession({ subject: '', clientId: client.id, ext: {}, expiresAt }),
      systemSecret,
    );
    const form = new URLSearchParams({ scope: scope.join(' ') }).toString();
    await sql`INSERT INTO hydra_oauth2_device_auth_codes (device_code_signature, user_code_signature, request_id, requested_at, client_id, scope,
        granted_scope, form_data, session_data, subject, device_code_active, user_code_state, requested_audience, granted_audience, challenge_id,
        expires_at, nid)
      VALUES (${deviceCode.signature}, ${fositeUserCodeSignature(userCode, systemSecret)}, ${requestId}, ${utc(row.requestedAt)}, ${client.id},
        ${scope.join('|')}, ${row.state === 1 ? scope.join('|') : ''}, ${form}, ${session}, ${row.subject ?? ''}, ${row.active ? 1 : 0}, ${row.state},
        '', '', ${null}, ${utc(row.expiresAt)}, ${nid})`.execute(db);
    return { deviceCode: token, userCode, requestId };
  };
  const pending = await write({ state: 0, active: true, requestedAt: now - 60_000, expiresAt: now + 9 * 60_000 });
  const accepted = await write({
    state: 1,
    active: true,
    requestedAt: now - 60_000,
    expiresAt: now + 9 * 60_000,
    subject: ACCEPTED.subject,
  });
  const inFlight = await write({ state: 1, active: true, requestedAt: now - 30_000, expiresAt: now + 9 * 60_000 });
  await write({ state: 1, active: false, requestedAt: now - 5 * 60_000, expiresAt: now + 5 * 60_000, subject: 'tv-user' });
  await write({ state: 0, active: true, requestedAt: now - 20 * 60_000, expiresAt: now - 10 * 60_000 });
  return {
    client,
    scope,
    pending,
    inFlightRequestId: inFlight.requestId,
    accepted: { ...ACCEPTED, deviceCode: accepted.deviceCode, requestId: accepted.requestId },
  };
}
