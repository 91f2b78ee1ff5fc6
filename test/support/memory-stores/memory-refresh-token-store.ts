/** RefreshTokenStore in memory (the contract is on src/oauth2/refresh/refresh-token-store.ts). */
import type { RefreshClaim, RefreshRecord, RefreshTokenStore } from '../../../src/oauth2/refresh/refresh-token-store.js';
import { copy, type MemoryTables } from './memory-tables.js';

export class MemoryRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly tables: MemoryTables) {}

  async create(record: RefreshRecord): Promise<void> {
    if (this.tables.refreshTokens.has(record.key)) throw new Error('duplicate refresh token');
    // As the SQL store stores it: revoked wins over active.
    this.tables.refreshTokens.set(record.key, { ...copy(record), active: record.active && !record.revoked });
  }

  async get(key: string): Promise<RefreshRecord | undefined> {
    const record = this.tables.refreshTokens.get(key);
    return record && copy(record);
  }

  async claim(key: string, { now, grace, keepUntil }: RefreshClaim): Promise<boolean> {
    const record = this.tables.refreshTokens.get(key);
    if (!record) return false;
    const inGrace =
      grace.periodMs > 0 &&
      !record.active &&
      !record.revoked &&
      record.firstUsedAt !== null &&
      record.firstUsedAt > now - grace.periodMs &&
      (grace.reuseCount === 0 || record.usedTimes < grace.reuseCount);
    if (!record.active && !inGrace) return false;
    Object.assign(record, { active: false, firstUsedAt: record.firstUsedAt ?? now, usedTimes: record.usedTimes + 1, expiresAt: keepUntil });
    return true;
  }

  async revokeChain(requestId: string): Promise<void> {
    for (const record of this.tables.refreshTokens.values()) {
      if (record.requestId === requestId) Object.assign(record, { active: false, revoked: true });
    }
    for (const record of this.tables.accessTokens.values()) if (record.requestId === requestId) record.active = false;
  }

  async revokeActiveOfGrant(requestId: string): Promise<void> {
    for (const record of this.tables.refreshTokens.values()) {
      if (record.requestId === requestId && record.active) Object.assign(record, { active: false, revoked: true });
    }
  }
}
