/**
 * PLACEHOLDER owned by the JWK work: the registry constructs it with createKeyManager and calls
 * prepare() at start. Replace the body; keep the two exported names.
 */
import type { Logger } from 'pino';
import type { Aead } from '../crypto/aead.js';
import type { Database } from '../persistence/database.js';

export class KeyManager {
  constructor(
    readonly database: Database,
    readonly aead: Aead,
    readonly logger: Logger,
  ) {}

  /** Creates the key sets Tessera signs with (hydra.openid.id-token, hydra.jwt.access-token) when missing. */
  async prepare(): Promise<void> {}
}

export function createKeyManager(database: Database, aead: Aead, logger: Logger): KeyManager {
  return new KeyManager(database, aead, logger);
}
