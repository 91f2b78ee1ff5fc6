/**
 * Remembers client secrets that passed the slow hash, so that a client authenticating on every
 * token request pays PBKDF2 (about 4 ms of CPU) or bcrypt (45 ms) once, not every time
 * (docs/design.md, Performance). Each entry is HMAC(process key, stored hash || 0 || secret): the
 * secret itself is never kept, the key never leaves the process, and because the stored hash is
 * part of the entry a changed or rotated secret misses at once. Bounded: the oldest entries go
 * first.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SecretHasher } from './secret-hasher.js';

export class VerifiedSecrets {
  private readonly key = randomBytes(32);
  private readonly remembered = new Map<string, true>();

  constructor(
    private readonly hasher: SecretHasher,
    private readonly capacity = 10_000,
  ) {}

  async verify(secret: string, storedHash: string): Promise<boolean> {
    const entry = createHmac('sha256', this.key).update(storedHash).update('\0').update(secret).digest('base64url');
    if (this.remembered.has(entry)) return true;
    const valid = await this.hasher.verify(secret, storedHash);
    if (valid) {
      if (this.remembered.size >= this.capacity) this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(entry, true);
    }
    return valid;
  }
}
