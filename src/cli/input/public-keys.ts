/**
 * `--public`: the public half of each key, as Hydra's jwk.OnlyPublicSDKKeys. The private members
 * are those RFC 7518 §6 defines for RSA, EC and OKP keys; a symmetric key has no public half.
 */
import type { JsonWebKey } from '../admin-client.js';
import { CliError } from '../fail.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export function onlyPublicKeys(keys: readonly JsonWebKey[]): JsonWebKey[] {
  return keys.map((key) => {
    if (key.kty === 'oct') {
      throw new CliError(`Key ${key.kid ?? ''} is symmetric (kty "oct") and has no public part.`);
    }
    return Object.fromEntries(Object.entries(key).filter(([name]) => !PRIVATE_MEMBERS.includes(name))) as JsonWebKey;
  });
}
