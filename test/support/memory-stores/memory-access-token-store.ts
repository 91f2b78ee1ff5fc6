/** AccessTokenStore in memory (the contract is on src/oauth2/tokens/access-token-store.ts). */
import type { AccessTokenRecord, AccessTokenStore } from '../../../src/oauth2/tokens/access-token-store.js';
import { copy, type MemoryTables } from './memory-tables.js';

export class MemoryAccessTokenStore implements AccessTokenStore {
  constructor(private readonly tables: MemoryTables) {}

  async create(record: AccessTokenRecord): Promise<void> {
    if (this.tables.accessTokens.has(record.signature)) throw new Error('duplicate access token');
    this.tables.accessTokens.set(record.signature, copy(record));
  }

  async get(signature: string): Promise<AccessTokenRecord | undefined> {
    const record = this.tables.accessTokens.get(signature);
    return record && copy(record);
  }

  async revoke(signature: string): Promise<boolean> {
    const record = this.tables.accessTokens.get(signature);
    if (record) record.active = false;
    return record !== undefined;
  }

  async revokeByRequestId(requestId: string): Promise<void> {
    for (const record of this.tables.accessTokens.values()) if (record.requestId === requestId) record.active = false;
  }

  async deleteByClient(clientId: string): Promise<number> {
    let deleted = 0;
    for (const [signature, record] of this.tables.accessTokens) {
      if (record.clientId === clientId && this.tables.accessTokens.delete(signature)) deleted++;
    }
    return deleted;
  }
}
