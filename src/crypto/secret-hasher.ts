/**
 * Client-secret hashing as Hydra (`x/hasher.go`): PBKDF2-SHA256 by default
 * (`$pbkdf2-sha256$i=25000,l=32$salt$hash`), bcrypt as an option. Verification reads the
 * format from the stored hash, so switching `oauth2.hashers.algorithm` keeps old secrets valid.
 * RFC 6819 §5.1.4.1.3: secrets are never stored in the clear.
 */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from '@node-rs/bcrypt';

const pbkdf2Async = promisify(pbkdf2);

export interface HasherOptions {
  algorithm: 'pbkdf2' | 'bcrypt';
  pbkdf2Iterations: number;
  bcryptCost: number;
}

export class SecretHasher {
  constructor(private readonly options: HasherOptions) {}

  async hash(secret: string): Promise<string> {
    if (this.options.algorithm === 'bcrypt') return bcrypt.hash(secret, this.options.bcryptCost);
    const salt = randomBytes(16);
    const iterations = this.options.pbkdf2Iterations;
    const key = await pbkdf2Async(secret, salt, iterations, 32, 'sha256');
    return `$pbkdf2-sha256$i=${iterations},l=32$${b64(salt)}$${b64(key)}`;
  }

  /** Constant-time comparison against a stored hash of any supported format. */
  async verify(secret: string, stored: string): Promise<boolean> {
    if (stored.startsWith('$pbkdf2-')) return verifyPbkdf2(secret, stored);
    if (/^\$2[abxy]?\$/.test(stored)) return bcrypt.verify(secret, stored).catch(() => false);
    return false;
  }
}

async function verifyPbkdf2(secret: string, stored: string): Promise<boolean> {
  const match = /^\$pbkdf2-(sha256|sha512|sha1)\$i=(\d+),l=(\d+)\$([^$]+)\$([^$]+)$/.exec(stored);
  if (!match) return false;
  const [, digest, iterations, length, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const expected = fromB64(hash);
  const actual = await pbkdf2Async(secret, fromB64(salt), Number(iterations), Number(length), digest);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Hydra writes standard base64 without padding. */
function b64(buffer: Buffer): string {
  return buffer.toString('base64').replace(/=+$/, '');
}

function fromB64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}
