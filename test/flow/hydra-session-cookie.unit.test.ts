/**
 * Hydra's login-session cookie (gorilla/sessions over gorilla/securecookie, gob inside), read by
 * src/flow/hydra-session-cookie.ts and gob-session-values.ts. The first vector was produced by
 * gorilla/securecookie itself (securecookie.New([]byte("super-secret-key"), nil), cookie name
 * "custome-session", published with a public Go example of decoding it): a real Go gob stream,
 * whose map type id (64) is not the one the fixture's encoder uses (65).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeGobSessionValues, GobShapeError } from '../../src/flow/gob-session-values.js';
import { hydraCookieKeys, hydraSessionId, openSecureCookie } from '../../src/flow/hydra-session-cookie.js';
import { gobSessionValues, hydraSessionCookie } from '../support/hydra-fixture/sessions.js';

const GO_VECTOR =
  'MTc0ODA2MDQ0NHxEWDhFQVFMX2dBQUJFQUVRQUFCR180QUFBZ1p6ZEhKcGJtY01CZ0FFYm1GdFpRWnpkSEpwYm1jTUJRQURSR0ZwQm5OMGNtbHVad3dIQUFWd2FHOXVaUVp6ZEhKcGJtY01EQUFLTURNMU9UWTRNekEyTlE9PXy9_Na-W54TYXGUf4n6EB71YRq_f6iGcxcZ2i7h6NuyUg==';
const GO_KEYS = [{ hashKey: Buffer.from('super-secret-key'), blockKey: null }];
const SYSTEM = 'hydra-import-system-secret-0123456';
const SID = '6f1c0a52-3b7e-4d0e-9a51-8d2f6c4b7e10';

describe("Hydra's login-session cookie", () => {
  it('reads a value gorilla/securecookie wrote, gob map and all', () => {
    const values = openSecureCookie('custome-session', GO_VECTOR, GO_KEYS);
    assert.deepEqual(Object.fromEntries(values!), { name: 'Dai', phone: '0359683065' });
  });

  it('refuses the Go vector under another name, another key, or with one byte changed', () => {
    assert.equal(openSecureCookie('other-session', GO_VECTOR, GO_KEYS), undefined);
    assert.equal(openSecureCookie('custome-session', GO_VECTOR, [{ hashKey: Buffer.from('another-key-0000'), blockKey: null }]), undefined);
    const bytes = Buffer.from(GO_VECTOR, 'base64url');
    bytes[20] ^= 1;
    assert.equal(openSecureCookie('custome-session', bytes.toString('base64url'), GO_KEYS), undefined);
    assert.equal(openSecureCookie('custome-session', 'A'.repeat(4097), GO_KEYS), undefined);
    assert.equal(openSecureCookie('custome-session', 'not base64 at all!', GO_KEYS), undefined);
  });

  it('opens an encrypted cookie under SHA-256(secrets.system[0]) when secrets.cookie is unset, as Hydra seals it', () => {
    const cookie = hydraSessionCookie(SID, { name: 'ory_hydra_session', systemSecret: SYSTEM });
    assert.equal(hydraSessionId('ory_hydra_session', cookie, hydraCookieKeys({ cookie: [], system: [SYSTEM, 'older-secret-0000000000'] })), SID);
    // Hydra's fallback takes secrets.system[0] only: a cookie sealed under a rotated-out system secret does not open.
    assert.equal(hydraSessionId('ory_hydra_session', cookie, hydraCookieKeys({ cookie: [], system: ['newer-secret-00000000000', SYSTEM] })), undefined);
    assert.equal(hydraSessionId('ory_hydra_session_dev', cookie, hydraCookieKeys({ cookie: [], system: [SYSTEM] })), undefined);
  });

  it('opens a cookie under any secrets.cookie entry (the raw secret authenticates, its SHA-256 encrypts)', () => {
    const cookie = hydraSessionCookie(SID, { name: 'ory_hydra_session', cookieSecret: 'old-cookie-secret-000000' });
    const keys = hydraCookieKeys({ cookie: ['new-cookie-secret-000000', 'old-cookie-secret-000000'], system: [SYSTEM] });
    assert.equal(hydraSessionId('ory_hydra_session', cookie, keys), SID);
    assert.equal(hydraSessionId('ory_hydra_session', cookie, hydraCookieKeys({ cookie: [], system: [SYSTEM] })), undefined);
    // Tessera fills an unset secrets.cookie with secrets.system: that reads as Hydra's fallback too.
    const system = hydraSessionCookie(SID, { name: 'ory_hydra_session', systemSecret: SYSTEM });
    assert.equal(hydraSessionId('ory_hydra_session', system, hydraCookieKeys({ cookie: [SYSTEM], system: [SYSTEM] })), SID);
    assert.equal(hydraSessionId('ory_hydra_session', system, keys), undefined, 'an explicit secrets.cookie is all Hydra used');
    assert.deepEqual(keys[1]!.blockKey, createHash('sha256').update('old-cookie-secret-000000').digest());
  });

  it('decodes the type ids the stream defines, and refuses shapes Hydra never writes', () => {
    for (const typeId of [64, 65, 100, 300])
      assert.deepEqual(Object.fromEntries(decodeGobSessionValues(gobSessionValues({ sid: SID, other: 'x' }, typeId))), { sid: SID, other: 'x' });
    const good = gobSessionValues({ sid: SID });
    assert.throws(() => decodeGobSessionValues(good.subarray(0, good.length - 3)), GobShapeError);
    assert.throws(() => decodeGobSessionValues(Buffer.concat([good, Buffer.from([1, 2])])), GobShapeError);
    assert.throws(() => decodeGobSessionValues(good.subarray(0, 16)), GobShapeError);
    assert.throws(() => decodeGobSessionValues(Buffer.from([])), GobShapeError);
    // A map[string]string (key and elem type 6): not Hydra's session values.
    const stringMap = Buffer.from([14, 255, 129, 4, 1, 2, 255, 130, 0, 1, 12, 1, 12, 0, 0, 12, 255, 130, 0, 1, 3, 102, 111, 111, 3, 98, 97, 114]);
    assert.throws(() => decodeGobSessionValues(stringMap), /not map\[interface\{\}\]interface\{\}/);
  });

  it('an empty sid (the cookie Hydra writes at logout) names no session', () => {
    const cookie = hydraSessionCookie('', { name: 'ory_hydra_session', systemSecret: SYSTEM });
    assert.equal(hydraSessionId('ory_hydra_session', cookie, hydraCookieKeys({ cookie: [], system: [SYSTEM] })), undefined);
  });
});
