/**
 * Encryption at rest: AES-256-GCM with the key SHA-256(secrets.system[0]), as Hydra's
 * `aead/aesgcm.go`. Every entry of secrets.system is tried on decryption, so a rotated secret
 * keeps old rows readable while new rows are sealed under the first entry.
 *
 * Sealed form: base64url(nonce(12) || ciphertext || tag(16)). `additionalData` binds a
 * ciphertext to its place (for example a key's set and kid) so rows cannot be swapped.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { randomBytesFromPool } from './random-pool.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor() {
    super('Unable to decrypt with any entry of secrets.system: the secret that sealed this value is not configured.');
    this.name = 'DecryptionError';
  }
}

export class Aead {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('Aead needs at least one secret');
    this.keys = secrets.map((secret) => createHash('sha256').update(secret, 'utf8').digest());
  }

  seal(plaintext: string | Buffer, additionalData = ''): string {
    const nonce = randomBytesFromPool(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, nonce);
    cipher.setAAD(Buffer.from(additionalData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  open(sealed: string, additionalData = ''): Buffer {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError();
    const nonce = raw.subarray(0, NONCE_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce);
        decipher.setAAD(Buffer.from(additionalData, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        // Authentication failed under this key: try the next (older) secret.
      }
    }
    throw new DecryptionError();
  }

  openText(sealed: string, additionalData = ''): string {
    return this.open(sealed, additionalData).toString('utf8');
  }
}
