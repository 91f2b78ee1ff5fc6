/**
 * Keys to import, from a JSON Web Key, a JSON Web Key Set, or PEM/DER encoded data (private key,
 * public key or certificate), as Hydra's `import jwk` accepts them. PEM and DER are converted to
 * JWK with node:crypto, never by hand.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { JsonWebKey } from '../admin-client.js';
import { CliError } from '../fail.js';

export function keysFromFile(content: Buffer, source: string): JsonWebKey[] {
  const json = tryJson(content);
  if (json !== undefined) return keysFromJson(json, source);
  const key = loadKeyObject(content);
  if (!key) {
    throw new CliError(`Could not decode key from \`${source}\`: it is neither a JSON Web Key (Set) nor a PEM or DER encoded key.`);
  }
  return [key.export({ format: 'jwk' }) as JsonWebKey];
}

function tryJson(content: Buffer): unknown {
  const text = content.toString('utf8').trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`Could not decode JSON: ${(error as Error).message}`);
  }
}

function keysFromJson(json: unknown, source: string): JsonWebKey[] {
  const list = Array.isArray(json) ? json : Array.isArray((json as { keys?: unknown }).keys) ? (json as { keys: unknown[] }).keys : [json];
  for (const key of list) {
    if (key === null || typeof key !== 'object' || typeof (key as JsonWebKey).kty !== 'string') {
      throw new CliError(`\`${source}\` holds something that is not a JSON Web Key (no "kty").`);
    }
  }
  return list as JsonWebKey[];
}

/** Private first: a private key file also parses as a public key, losing its private half. */
function loadKeyObject(content: Buffer): KeyObject | undefined {
  const text = content.toString('utf8');
  const pem = text.includes('-----BEGIN');
  const attempts: Array<() => KeyObject> = pem
    ? [() => createPrivateKey(text), () => createPublicKey(text)]
    : [
        () => createPrivateKey({ key: content, format: 'der', type: 'pkcs8' }),
        () => createPrivateKey({ key: content, format: 'der', type: 'pkcs1' }),
        () => createPrivateKey({ key: content, format: 'der', type: 'sec1' }),
        () => createPublicKey({ key: content, format: 'der', type: 'spki' }),
        () => createPublicKey({ key: content, format: 'der', type: 'pkcs1' }),
      ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}
