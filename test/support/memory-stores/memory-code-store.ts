/** CodeStore in memory (the contract is on src/oauth2/code/code-store.ts). */
import type { CodeRecord, CodeStore } from '../../../src/oauth2/code/code-store.js';
import { copy, type MemoryTables } from './memory-tables.js';

export class MemoryCodeStore implements CodeStore {
  constructor(private readonly tables: MemoryTables) {}

  async create(key: string, record: CodeRecord): Promise<void> {
    if (this.tables.codes.has(key)) throw new Error('duplicate code');
    this.tables.codes.set(key, { ...copy(record), active: true, replayed: false });
  }

  async get(key: string): Promise<CodeRecord | undefined> {
    const record = this.tables.codes.get(key);
    return record && copy(record);
  }

  async consume(key: string): Promise<boolean> {
    const record = this.tables.codes.get(key);
    if (!record?.active) return false;
    record.active = false;
    return true;
  }

  async markReplayed(key: string): Promise<void> {
    const record = this.tables.codes.get(key);
    if (record) Object.assign(record, { active: false, replayed: true });
  }
}
