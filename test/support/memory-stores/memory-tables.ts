/**
 * The state of the in-memory stores: one Map per aggregate, shared by the stores built on it, so
 * that what one store writes the others see (revoking a refresh chain also revokes the grant's
 * access tokens, as the SQL store does across its two tables). Records are kept as copies, never
 * as the caller's objects, so a caller changing a record later changes nothing stored.
 */
import type { FlowRecord, ConsentSessionRow } from '../../../src/flow/flow-store.js';
import type { StepColumn } from '../../../src/flow/flow-states.js';
import type { CodeRecord } from '../../../src/oauth2/code/code-store.js';
import type { AccessTokenRecord } from '../../../src/oauth2/tokens/access-token-store.js';
import type { RefreshRecord } from '../../../src/oauth2/refresh/refresh-token-store.js';

export interface StoredFlow {
  record: FlowRecord;
  secrets: Partial<Record<StepColumn, string>>;
  subject: string | null;
  consentRemember: boolean;
}

export interface MemoryTables {
  flows: Map<string, StoredFlow>;
  consentSessions: Map<string, ConsentSessionRow>;
  codes: Map<string, CodeRecord>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshRecord>;
}

export function memoryTables(): MemoryTables {
  return { flows: new Map(), consentSessions: new Map(), codes: new Map(), accessTokens: new Map(), refreshTokens: new Map() };
}

/** A deep copy (records hold plain JSON-like data and nulls). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Every Map of the tables copied: the snapshot a transaction rolls back to. */
export function snapshot(tables: MemoryTables): MemoryTables {
  return {
    flows: new Map(copy([...tables.flows])),
    consentSessions: new Map(copy([...tables.consentSessions])),
    codes: new Map(copy([...tables.codes])),
    accessTokens: new Map(copy([...tables.accessTokens])),
    refreshTokens: new Map(copy([...tables.refreshTokens])),
  };
}

export function restore(tables: MemoryTables, from: MemoryTables): void {
  for (const name of Object.keys(from) as (keyof MemoryTables)[]) {
    const target = tables[name] as Map<string, unknown>;
    target.clear();
    for (const [key, value] of from[name] as Map<string, unknown>) target.set(key, value);
  }
}
