/**
 * ECDSA JWS signatures computed with node:crypto on the event loop, for the algorithms whose
 * node:crypto signature is exactly the JWS one: ES256, ES384 and ES512 (RFC 7518 §3.4, the
 * signature is R || S, node:crypto's `ieee-p1363` encoding) over the JWS signing input
 * (RFC 7515 §5.1). jose signs through WebCrypto, which runs each signature as a job on libuv's
 * thread pool: measured here 69-110 µs of CPU per ES256 token against 29-51 µs synchronously
 * (64 concurrent signatures, 2 cores). An ECDSA signature is short enough not to hold up the
 * event loop; RSA signatures (milliseconds at 4096 bits) stay on the thread pool through jose.
 */
import { KeyObject, sign, type webcrypto } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { SigningKey } from './key-sets.js';

const DIGESTS: Record<string, string> = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' };

/** KeyObjects of the CryptoKeys already used, so that each is converted once. */
const keyObjects = new WeakMap<object, KeyObject>();

function keyObject(key: SigningKey['key']): KeyObject | undefined {
  if (key instanceof KeyObject) return key;
  if (key instanceof Uint8Array) return undefined;
  let found = keyObjects.get(key);
  if (!found) keyObjects.set(key, (found = KeyObject.from(key as webcrypto.CryptoKey)));
  return found;
}

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');

/** The compact JWS, or undefined when the key's algorithm is not ECDSA (the caller signs with jose). */
export function signEcdsaCompact(signing: SigningKey, payload: JWTPayload, typ: string): string | undefined {
  const digest = DIGESTS[signing.alg];
  if (!digest) return undefined;
  const key = keyObject(signing.key);
  if (!key || key.type !== 'private' || key.asymmetricKeyType !== 'ec') return undefined;
  const input = `${base64url({ alg: signing.alg, kid: signing.kid, typ })}.${base64url(payload)}`;
  const signature = sign(digest, Buffer.from(input, 'utf8'), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
