/**
 * Validation of the keys an administrator stores (`PUT /admin/keys/...`). A key is refused with
 * 400 invalid_request and a hint naming the member at fault, so that nothing unusable is stored:
 * an unknown `kty` (RFC 7517 §4.1), a `use` other than sig/enc (§4.2), a missing `kid`, key
 * parameters that do not form a key of that type (RFC 7518 §6, checked by node:crypto), a private
 * key whose public parameters do not belong to it, or an `alg` the key cannot serve.
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { errors } from '../core/errors.js';
import { GoStruct, GoTypeError, decodeGoStruct, type GoKind } from '../core/go-json.js';
import { algorithmMismatch } from './algorithms.js';
import { COMMON_MEMBERS, PRIVATE_MEMBERS, PUBLIC_MEMBERS, hasPrivateMaterial, isKeyType, type Jwk, type KeyType } from './jwk.js';

/** The key ID and set name are stored in VARCHAR(255) columns. */
export const MAX_ID_LENGTH = 255;

const invalid = (hint: string) => errors.invalidRequest.withHint(hint);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Bodies as Go decodes them (core/go-json.ts): go-jose's JSONWebKey reads its members through
 * encoding/json (rawJSONWebKey), so nulls are absent and member names match case-insensitively;
 * jwk/handler.go decodes the generation request into createJsonWebKeySet {alg, kid, use}.
 */
const JWK = new GoStruct({
  ...Object.fromEntries(['kty', 'use', 'alg', 'kid', 'x5u', 'x5t', 'x5t#S256', 'crv', 'x', 'y', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'k'].map((m) => [m, 'string'])),
  key_ops: 'raw',
  x5c: 'raw',
  oth: 'raw',
} as Record<string, GoKind>);

const KEY_SET = new GoStruct({ keys: 'raw' });

const GENERATION_REQUEST = new GoStruct({ alg: 'string', kid: 'string', use: 'string' });

function decode(value: unknown, shape: GoStruct, where: string, what: string): Record<string, unknown> {
  if (value === undefined || value === null) throw invalid(`${where} must be ${what}.`);
  try {
    return decodeGoStruct(value, shape, where);
  } catch (error) {
    if (!(error instanceof GoTypeError)) throw error;
    throw invalid(error.field === where ? `${where} must be ${what}.` : `"${error.field}" of ${where} must be ${error.expected}.`);
  }
}

export const decodeJwk = (value: unknown, where: string) => decode(value, JWK, where, 'a JSON Web Key object');
export const decodeKeySet = (value: unknown) => decode(value, KEY_SET, 'the body', 'a JSON Web Key Set: an object with a "keys" array (RFC 7517 §5)');
export const decodeGenerationRequest = (value: unknown) => decode(value, GENERATION_REQUEST, 'the body', 'a JSON object with "alg", "kid" and "use"');

export function checkIdentifier(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw invalid(`"${name}" must be a non-empty string of at most ${MAX_ID_LENGTH} characters.`);
  }
  return value;
}

export function checkUse(value: unknown): void {
  if (value !== undefined && value !== 'sig' && value !== 'enc') {
    throw invalid('"use" must be "sig" or "enc" (RFC 7517 §4.2).');
  }
}

/** Parses one JWK of a request body; `where` names it in hints ("keys[2]", "the body"). */
export function parseJwk(raw: unknown, where: string): Jwk {
  const value = decodeJwk(raw, where);
  if (!isKeyType(value.kty)) throw invalid(`"kty" of ${where} must be one of RSA, EC, OKP or oct (RFC 7518 §6.1).`);
  checkIdentifier(value.kid, 'kid');
  checkUse(value.use);
  if (value.alg !== undefined && (typeof value.alg !== 'string' || value.alg === '')) {
    throw invalid(`"alg" of ${where} must be a non-empty string.`);
  }
  const allowed = [...COMMON_MEMBERS, ...PUBLIC_MEMBERS[value.kty], ...PRIVATE_MEMBERS[value.kty]];
  const jwk: Record<string, unknown> = {};
  for (const name of allowed) if (value[name] !== undefined) jwk[name] = value[name];
  checkMaterial(jwk as Jwk, where);
  const mismatch = algorithmMismatch(jwk as Jwk);
  if (mismatch) throw invalid(`${mismatch} (${where})`);
  return jwk as Jwk;
}

function checkMaterial(jwk: Jwk, where: string): void {
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string' || !/^[A-Za-z0-9_-]+$/.test(jwk.k)) {
      throw invalid(`"k" of ${where} must be the base64url-encoded key (RFC 7518 §6.4.1).`);
    }
    return;
  }
  const kty = jwk.kty as Exclude<KeyType, 'oct'>;
  const publicMembers = PUBLIC_MEMBERS[kty].map((m) => `"${m}"`).join(', ');
  const members = [...PUBLIC_MEMBERS[kty], ...(hasPrivateMaterial(jwk) ? PRIVATE_MEMBERS[kty] : [])].filter((m) => m !== 'oth');
  const publicJwk = Object.fromEntries(['kty', ...PUBLIC_MEMBERS[kty]].map((m) => [m, (jwk as Record<string, unknown>)[m]]));
  let publicKey: KeyObject;
  let privateKey: KeyObject | undefined;
  try {
    publicKey = createPublicKey({ key: publicJwk as any, format: 'jwk' });
    if (hasPrivateMaterial(jwk)) privateKey = createPrivateKey({ key: jwk as any, format: 'jwk' });
  } catch {
    const list = members.map((m) => `"${m}"`).join(', ');
    throw invalid(`The key parameters ${list} of ${where} do not form a valid ${kty} key (RFC 7518 §6).`);
  }
  // A private key whose public members belong to another key would sign tokens that the
  // published public key cannot verify. node:crypto takes the public members of a private JWK
  // as given, so possession is proven by use.
  if (privateKey && !keyPairMatches(privateKey, publicKey)) {
    throw invalid(`The public members ${publicMembers} of ${where} do not belong to its private key "d".`);
  }
}

function keyPairMatches(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const type = privateKey.asymmetricKeyType;
  try {
    if (type === 'x25519' || type === 'x448') {
      const peer = type === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('x448');
      const ours = diffieHellman({ privateKey, publicKey: peer.publicKey });
      return ours.equals(diffieHellman({ privateKey: peer.privateKey, publicKey }));
    }
    const data = randomBytes(32);
    const digest = type === 'ed25519' || type === 'ed448' ? null : 'sha256';
    return verify(digest, data, publicKey, sign(digest, data, privateKey));
  } catch {
    return false;
  }
}
