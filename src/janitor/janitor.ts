/**
 * Removes rows that can no longer matter, in small batches so that no statement holds locks
 * for long on a busy database (Hydra issues #1574, #3559: janitor runs on big tables).
 * Each target selects up to `batchSize` primary keys, oldest first as Hydra's
 * flushInactiveTokens does, deletes exactly those, and repeats until `limit` rows are gone or
 * none are left.
 *
 * Hydra decides what is stale from the request time and the configured lifespan; Tessera stores
 * each token's own expiry, so a token is removed only once it has expired or been revoked, and a
 * changed lifespan can never make the janitor delete a live token.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../persistence/database.js';
import { endedSessionClients } from './ended-session-clients.js';

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
  select(db: Kysely<any>, cutoff: number, now: number, count: number): Promise<string[]>;
  remove(db: Kysely<any>, keys: string[]): Promise<void>;
}

/** Access tokens that expired or were revoked (RFC 7009), requested before the cutoff. */
export const inactiveAccessTokens: JanitorTarget = {
  name: 'access tokens',
  async select(db, cutoff, now, count) {
    const rows = await db
      .selectFrom('hydra_oauth2_access')
      .select('signature')
      .where('requested_at', '<', cutoff)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('active', '=', 0)]))
      .orderBy('requested_at')
      .limit(count)
      .execute();
    return rows.map((r: { signature: string }) => r.signature);
  },
  async remove(db, keys) {
    await db.deleteFrom('hydra_oauth2_access').where('signature', 'in', keys).execute();
  },
};

/** A target that removes rows of `table` keyed by `key`, selected by `where`, oldest first. */
function target(name: string, table: string, key: string, where: (eb: any, now: number) => any): JanitorTarget {
  return {
    name,
    async select(db, cutoff, now, count) {
      const rows = await db
        .selectFrom(table)
        .select(key)
        .where('requested_at', '<', cutoff)
        .where((eb) => where(eb, now))
        .orderBy('requested_at')
        .limit(count)
        .execute();
      return rows.map((r: Record<string, string>) => r[key]!);
    },
    async remove(db, keys) {
      await db.deleteFrom(table).where(key, 'in', keys).execute();
    },
  };
}

/**
 * Refresh tokens that expired, or were revoked (active = -1). A rotated token (active = 0) is kept
 * until its expiry, which rotation moved 30 minutes on (Hydra's newUsedExpiry): until then its
 * reuse must still be recognised and revoke the chain (RFC 6819 §5.2.2.3).
 */
export const inactiveRefreshTokens = target('refresh tokens', 'hydra_oauth2_refresh', 'signature', (eb, now) =>
  eb.or([eb('expires_at', '<=', now), eb('active', '=', -1)]),
);

/**
 * Expired authorization codes, used or not. A used code is kept until it expires, so that its
 * replay within its lifetime still revokes what it issued (RFC 6749 §4.1.2).
 */
export const expiredCodes = target('authorization codes', 'hydra_oauth2_code', 'signature', (eb, now) => eb('expires_at', '<=', now));

/**
 * Login/consent flows whose step expired (ttl.login_consent_request), abandoned, rejected or
 * revoked, with their consent-session row. A used consent is a consent session
 * (src/flow/consent-sessions.ts) and stays while it matters: while remembered, since it lets a
 * later request skip the consent UI, and while any access or refresh token of its grant remains,
 * since revoking the session must still find and revoke them. (Hydra keeps every used consent;
 * Tessera lets one go once nothing hangs on it.)
 */
export const finishedFlows: JanitorTarget = {
  name: 'login and consent requests',
  async select(db, cutoff, now, count) {
    const tokensOf = (table: 'hydra_oauth2_access' | 'hydra_oauth2_refresh') => (eb: any) =>
      eb.exists(
        eb.selectFrom('hydra_oauth2_consent_session as s')
          .innerJoin(`${table} as t`, 't.request_id', 's.consent_request_id')
          .select('s.flow_id')
          .whereRef('s.flow_id', '=', 'hydra_oauth2_flow.id'),
      );
    const rows = await db
      .selectFrom('hydra_oauth2_flow')
      .select('id')
      .where('requested_at', '<', cutoff)
      .where('expires_at', '<=', now)
      .where((eb: any) =>
        eb.or([
          eb('state', '!=', 'consent_used'),
          eb.and([eb('consent_remember', '=', 0), eb.not(tokensOf('hydra_oauth2_access')(eb)), eb.not(tokensOf('hydra_oauth2_refresh')(eb))]),
        ]),
      )
      .orderBy('requested_at')
      .limit(count)
      .execute();
    return rows.map((r: { id: string }) => r.id);
  },
  async remove(db, keys) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('hydra_oauth2_consent_session').where('flow_id', 'in', keys).execute();
      await trx.deleteFrom('hydra_oauth2_flow').where('id', 'in', keys).execute();
    });
  },
};

/** RP-initiated logout requests whose step expired, handled or not (src/flow/logout-store.ts). */
export const expiredLogoutRequests = target('logout requests', 'hydra_oauth2_logout_request', 'id', (eb, now) => eb('expires_at', '<=', now));

/** ttl.authentication_session's default (720h), when the janitor runs without a configuration. */
export const DEFAULT_AUTHENTICATION_SESSION_MS = 720 * 3_600_000;

/**
 * Login-session revocations (src/flow/login-revocations.ts) that can no longer cover a cookie. A
 * remembered-login cookie lives at most ttl.authentication_session from when it was set (Hydra
 * caps remember_for there too), and a revocation only covers cookies set before it: once that
 * long has passed since the revocation, every cookie it covered has expired on its own.
 */
export function staleLoginRevocations(authenticationSessionMs: number): JanitorTarget {
  return {
    name: 'login session revocations',
    async select(db, cutoff, now, count) {
      const rows = await db
        .selectFrom('hydra_oauth2_login_revocation')
        .select('id')
        .where('revoked_at', '<', Math.min(cutoff, now - authenticationSessionMs))
        .orderBy('revoked_at')
        .limit(count)
        .execute();
      return rows.map((r: { id: string }) => r.id);
    },
    async remove(db, keys) {
      await db.deleteFrom('hydra_oauth2_login_revocation').where('id', 'in', keys).execute();
    },
  };
}

/**
 * What each of Hydra's janitor flags cleans. Hydra's janitor has no flag for login sessions; their
 * revocations go with --requests, the login/consent state. Tessera stores no trust relationships yet.
 */
export function janitorTargets(authenticationSessionMs = DEFAULT_AUTHENTICATION_SESSION_MS) {
  return {
    tokens: [inactiveAccessTokens, inactiveRefreshTokens],
    // Enrolments before revocations: a revocation is what shows that an enrolment's session ended.
    requests: [
      finishedFlows,
      expiredCodes,
      expiredLogoutRequests,
      endedSessionClients(authenticationSessionMs),
      staleLoginRevocations(authenticationSessionMs),
    ],
    grants: [],
  } satisfies Record<string, JanitorTarget[]>;
}

export const JANITOR_TARGETS = janitorTargets();

export async function runJanitor(database: Database, targets: JanitorTarget[], options: JanitorOptions): Promise<Record<string, number>> {
  const db = database.db as unknown as Kysely<any>;
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
