/**
 * Storage of JSON Web Keys, by set and kid. Implementations seal every key at rest (private
 * material included) and open it on read; they know nothing of HTTP, caching or generation.
 * Within a set, keys come newest first, as Hydra's `GetKeySet` (`ORDER BY created_at DESC`):
 * the first signing key is the one that signs.
 */
import type { Jwk } from './jwk.js';

export interface JwkRecord {
  set: string;
  jwk: Jwk;
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface KeyLocation {
  set: string;
  kid: string;
}

export interface KeyStore {
  /** The keys of a set, newest first; empty when the set does not exist. */
  getSet(set: string): Promise<JwkRecord[]>;
  getKey(set: string, kid: string): Promise<JwkRecord | undefined>;
  /** Adds a key to its set; KeyConflictError when the set already has its kid. */
  addKey(set: string, jwk: Jwk): Promise<JwkRecord>;
  /** Replaces a set by these keys (none: the set is emptied), in one transaction. */
  replaceSet(set: string, jwks: readonly Jwk[]): Promise<JwkRecord[]>;
  /** Creates or replaces the key of `jwk.kid`, in one transaction. */
  replaceKey(set: string, jwk: Jwk): Promise<JwkRecord>;
  /** Answers how many keys were deleted. */
  deleteSet(set: string): Promise<number>;
  deleteKey(set: string, kid: string): Promise<boolean>;
  /**
   * Adds `jwk` unless the set already holds a signing key, atomically across every process on
   * the database; answers whether it was added. Concurrent callers converge on one key.
   */
  addSigningKeyIfAbsent(set: string, jwk: Jwk): Promise<boolean>;
  /** Every stored key that the configured secrets cannot open (start-up check). */
  findUnreadable(): Promise<KeyLocation[]>;
}

export class KeyConflictError extends Error {
  constructor(readonly location: KeyLocation) {
    super(`JSON Web Key Set ${JSON.stringify(location.set)} already has a key with kid ${JSON.stringify(location.kid)}.`);
    this.name = 'KeyConflictError';
  }
}

/** A stored key that no entry of secrets.system opens. Names the key, never its content. */
export class KeyDecryptionError extends Error {
  constructor(readonly location: KeyLocation) {
    super(
      `Unable to decrypt JSON Web Key ${JSON.stringify(location.kid)} of set ${JSON.stringify(location.set)} with any entry of ` +
        'secrets.system (SECRETS_SYSTEM): the secret that encrypted it is not configured.',
    );
    this.name = 'KeyDecryptionError';
  }
}

/**
 * Why the server refuses to start: keys exist that the configured secrets.system cannot open.
 * Hydra would only fail later, on the first token ("silently breaks key lookup after a
 * redeploy", hydra #3682); failing at start keeps a wrong secret from ever serving traffic.
 */
export class UnreadableKeysError extends Error {
  constructor(readonly locations: readonly KeyLocation[]) {
    const sets = [...new Set(locations.map((l) => l.set))].map((s) => JSON.stringify(s)).join(', ');
    super(
      `${locations.length} JSON Web Key(s) in set(s) ${sets} cannot be decrypted with any entry of secrets.system ` +
        '(SECRETS_SYSTEM). The secret that encrypted them is not configured: set secrets.system to the secret used before, ' +
        'or, to rotate, put the new secret first and keep the old one after it (SECRETS_SYSTEM="new,old").',
    );
    this.name = 'UnreadableKeysError';
  }
}
