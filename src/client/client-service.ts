/** PLACEHOLDER owned by the client work: create, read, list, update, patch and delete clients. */
import type { Aead } from '../crypto/aead.js';
import type { SecretHasher } from '../crypto/secret-hasher.js';
import type { Database } from '../persistence/database.js';
import type { TesseraConfig } from '../config/types.js';

export class ClientService {
  constructor(
    readonly database: Database,
    readonly hasher: SecretHasher,
    readonly pagination: Aead,
    readonly config: TesseraConfig,
  ) {}
}

export function createClientService(database: Database, hasher: SecretHasher, pagination: Aead, config: TesseraConfig) {
  return new ClientService(database, hasher, pagination, config);
}
