/**
 * Challenges, verifiers and CSRF values: 256 bits from the CSPRNG (RFC 6749 §10.10 wants a
 * guessing probability ≤ 2^-128), base64url. Only a SHA-384 hash of a challenge or verifier is
 * stored, as for token signatures, so a database leak cannot complete anyone's flow.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newStepSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function stepHash(secret: string): string {
  return createHash('sha384').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two strings (a cookie value against the recorded one). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
