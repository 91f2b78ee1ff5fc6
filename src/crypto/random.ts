import { randomBytes, randomUUID } from 'node:crypto';

const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';

/**
 * A client secret as Hydra generates it: 26 characters from a 66-symbol alphabet (about 157
 * bits), drawn by rejection sampling so that every symbol is equally likely.
 */
export function generateClientSecret(length = 26): string {
  const limit = 256 - (256 % SECRET_ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += SECRET_ALPHABET[byte % SECRET_ALPHABET.length];
    }
  }
  return out;
}

export function generateId(): string {
  return randomUUID();
}
