/**
 * Hydra's own remembered-login cookie, as a browser that logged in under Hydra still holds it
 * after `tessera import hydra` (issue 13): same name as Tessera's (`ory_hydra_session`, `_dev`
 * under --dev), but sealed by gorilla/sessions' CookieStore, which Tessera's own cookie
 * (login-session-cookie.ts) is not. Tessera reads it in addition to its own and finds the session
 * it names among the imported login sessions; the next remembered login replaces it with
 * Tessera's cookie.
 *
 * Keys (Hydra driver/registry_sql.go CookieStore, config GetCookieSecrets): for each
 * secrets.cookie entry, the secret's bytes authenticate and SHA-256 of them encrypts; with no
 * secrets.cookie, the one key is SHA-256(secrets.system[0]) (GetGlobalSecret), encrypted under
 * SHA-256 of that. Every pair is tried, as gorilla's DecodeMulti does.
 *
 * Format (gorilla/securecookie Encode): base64url(`<unix time>|<base64url(iv || AES-CTR(gob))>|<mac>`)
 * where mac = HMAC-SHA-256(hash key, `<name>|<unix time>|<base64url value>`), the 16-byte IV
 * random, AES-256 since the block key is 32 bytes; gob as gob-session-values.ts reads it. Hydra
 * sets MaxAge(0), so no age is checked here: the session row's expiry decides.
 */
import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { decodeGobSessionValues } from './gob-session-values.js';

/** securecookie's maxLength: longer values are refused before any work. */
const MAX_LENGTH = 4096;
const IV_BYTES = 16;

export interface SecureCookieKeys {
  hashKey: Buffer;
  /** null: values are only authenticated, not encrypted (securecookie.New(hashKey, nil)). */
  blockKey: Buffer | null;
}

/**
 * The key pairs Hydra's CookieStore is built with, from the secrets Tessera is given. Tessera's
 * configuration fills an unset secrets.cookie with secrets.system (config/finish.ts), so a list
 * equal to secrets.system may mean "unset": both of Hydra's readings are tried then.
 */
export function hydraCookieKeys(secrets: { cookie: readonly string[]; system: readonly string[] }): SecureCookieKeys[] {
  const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();
  const { cookie, system } = secrets;
  const unsetOrDefaulted = cookie.length === 0 || (cookie.length === system.length && cookie.every((secret, i) => secret === system[i]));
  const raw = cookie.map((secret) => Buffer.from(secret, 'utf8'));
  const hashKeys = unsetOrDefaulted ? [...system.slice(0, 1).map((secret) => sha256(Buffer.from(secret, 'utf8'))), ...raw] : raw;
  return hashKeys.map((hashKey) => ({ hashKey, blockKey: sha256(hashKey) }));
}

/** The session values of a securecookie value named `name`, or undefined when no key opens it. */
export function openSecureCookie(name: string, value: string, keys: readonly SecureCookieKeys[]): Map<string, unknown> | undefined {
  if (value.length > MAX_LENGTH || !/^[A-Za-z0-9_=-]+$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64url');
  const first = decoded.indexOf(0x7c);
  const second = first < 0 ? -1 : decoded.indexOf(0x7c, first + 1);
  if (second < 0) return undefined;
  const signed = Buffer.concat([Buffer.from(`${name}|`, 'utf8'), decoded.subarray(0, second)]);
  const mac = decoded.subarray(second + 1);
  const payload = decoded.subarray(first + 1, second).toString('latin1');
  if (!/^\d+$/.test(decoded.subarray(0, first).toString('latin1'))) return undefined;
  for (const key of keys) {
    const expected = createHmac('sha256', key.hashKey).update(signed).digest();
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) continue;
    try {
      return decodeGobSessionValues(decrypt(Buffer.from(payload, 'base64url'), key.blockKey));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function decrypt(data: Buffer, blockKey: Buffer | null): Buffer {
  if (!blockKey) return data;
  if (data.length <= IV_BYTES) throw new Error('too short');
  const cipher = `aes-${blockKey.length * 8}-ctr`;
  const decipher = createDecipheriv(cipher, blockKey, data.subarray(0, IV_BYTES));
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES)), decipher.final()]);
}

/** The login session id (`sid`, consent/strategy_default.go CookieAuthenticationSIDName) a Hydra cookie names. */
export function hydraSessionId(name: string, value: string, keys: readonly SecureCookieKeys[]): string | undefined {
  const sid = openSecureCookie(name, value, keys)?.get('sid');
  return typeof sid === 'string' && sid !== '' ? sid : undefined;
}
