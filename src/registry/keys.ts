/**
 * Composes the key manager (jwk/key-manager.ts) over the SQL key store. On PostgreSQL and MySQL a
 * generation claim per set makes one process generate a missing signing key while the others wait
 * (jwk/generation-claim.ts); SQLite keeps the simple path: one writer per file.
 */
import type { Logger } from 'pino';
import type { Aead } from '../crypto/aead.js';
import type { Database } from '../persistence/database.js';
import { KeyManager, type KeyManagerOptions } from '../jwk/key-manager.js';
import { SqlGenerationClaims } from '../persistence/sql/generation-claim.js';
import { SqlKeyStore } from '../persistence/sql/key.js';

export interface CreateKeyManagerOptions extends Omit<KeyManagerOptions, 'claims'> {
  /** How long a generation claim may go unrenewed before another process takes it over. */
  claimStaleAfterMs?: number;
}

export function createKeyManager(database: Database, aead: Aead, logger: Logger, options: CreateKeyManagerOptions = {}): KeyManager {
  const { claimStaleAfterMs, ...rest } = options;
  const claims = database.dialect === 'sqlite' ? undefined : new SqlGenerationClaims(database, { staleAfterMs: claimStaleAfterMs });
  return new KeyManager(new SqlKeyStore(database, aead), logger, { ...rest, claims });
}
