/**
 * Removes rows that can no longer matter, in small batches so that no statement holds locks
 * for long on a busy database (Hydra issues #1574, #3559: janitor runs on big tables).
 * Each target selects up to `batchSize` primary keys, oldest first as Hydra's
 * flushInactiveTokens does, deletes exactly those, and repeats until `limit` rows are gone or
 * none are left. What each target finds removable, and why, is in persistence/sql/janitor-targets.ts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../persistence/database.js';
import type { Tables } from '../persistence/tables.js';
import { endedSessionClients } from '../persistence/sql/janitor-session-clients.js';
import {
  expiredAssertionJtis,
  expiredCodes,
  expiredDeviceChallenges,
  expiredDeviceCodes,
  expiredIdentityProviderSessions,
  expiredImportedLoginSessions,
  expiredLogoutRequests,
  expiredTrustRelationships,
  finishedFlows,
  inactiveAccessTokens,
  inactiveRefreshTokens,
  staleLoginRevocations,
} from '../persistence/sql/janitor-targets.js';

export interface JanitorOptions {
  /** Rows requested less than this long ago (ms) are kept even when expired or inactive. */
  keepIfYoungerMs: number;
  limit: number;
  batchSize: number;
  now: () => number;
  onProgress?: (target: string, deleted: number) => void;
}

export interface JanitorTarget {
  name: string;
  /** Returns the primary keys of up to `count` removable rows. */
  select(db: Kysely<Tables>, cutoff: number, now: number, count: number): Promise<string[]>;
  remove(db: Kysely<Tables>, keys: string[]): Promise<void>;
}

/** ttl.authentication_session's default (720h), when the janitor runs without a configuration. */
export const DEFAULT_AUTHENTICATION_SESSION_MS = 720 * 3_600_000;

/**
 * What each of Hydra's janitor flags cleans. Hydra's janitor has no flag for login sessions; their
 * revocations go with --requests, the login/consent state; --grants removes expired JWT-bearer trust relationships.
 */
export function janitorTargets(authenticationSessionMs = DEFAULT_AUTHENTICATION_SESSION_MS) {
  return {
    tokens: [inactiveAccessTokens, inactiveRefreshTokens, expiredAssertionJtis],
    // Enrolments before revocations: a revocation is what shows that an enrolment's session ended.
    requests: [
      finishedFlows,
      expiredCodes,
      expiredLogoutRequests,
      endedSessionClients(authenticationSessionMs),
      staleLoginRevocations(authenticationSessionMs),
      expiredIdentityProviderSessions,
      expiredImportedLoginSessions,
      // RFC 8628: device authorizations and the verification page's challenges, once expired.
      expiredDeviceCodes,
      expiredDeviceChallenges,
    ],
    grants: [expiredTrustRelationships],
  } satisfies Record<string, JanitorTarget[]>;
}

export const JANITOR_TARGETS = janitorTargets();

export async function runJanitor(database: Database, targets: JanitorTarget[], options: JanitorOptions): Promise<Record<string, number>> {
  const { db } = database;
  const now = options.now();
  const cutoff = now - options.keepIfYoungerMs;
  const deleted: Record<string, number> = {};
  for (const target of targets) {
    let total = 0;
    while (total < options.limit) {
      const keys = await target.select(db, cutoff, now, Math.min(options.batchSize, options.limit - total));
      if (keys.length === 0) break;
      await target.remove(db, keys);
      total += keys.length;
      options.onProgress?.(target.name, total);
    }
    deleted[target.name] = total;
  }
  return deleted;
}
