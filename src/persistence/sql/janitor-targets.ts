/**
 * What the janitor (src/janitor/janitor.ts) may remove, table by table: each target selects up to
 * `count` primary keys of removable rows, oldest first as Hydra's flushInactiveTokens does, and
 * removes exactly those.
 *
 * Hydra decides what is stale from the request time and the configured lifespan; Tessera stores
 * each token's own expiry, so a token is removed only once it has expired or been revoked, and a
 * changed lifespan can never make the janitor delete a live token.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { JanitorTarget } from '../../janitor/janitor.js';
import type { Tables } from '../tables.js';

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
    return rows.map((row) => row.signature);
  },
  async remove(db, keys) {
    await db.deleteFrom('hydra_oauth2_access').where('signature', 'in', keys).execute();
  },
};

/**
 * Used assertion `jti`s (oauth2/assertion/used-jtis.ts) past the assertion's `exp`: a replay is
 * refused by its expiry from then on. They have no request time; `keepIfYounger` does not apply.
 */
export const expiredAssertionJtis: JanitorTarget = {
  name: 'assertion jtis',
  async select(db, _cutoff, now, count) {
    const rows = await db.selectFrom('hydra_oauth2_jti_blacklist').select('signature').where('expires_at', '<=', now).orderBy('expires_at').limit(count).execute();
    return rows.map((row) => row.signature);
  },
  async remove(db, keys) {
    await db.deleteFrom('hydra_oauth2_jti_blacklist').where('signature', 'in', keys).execute();
  },
};

/**
 * Refresh tokens that expired, or were revoked (active = -1). A rotated token (active = 0) is kept
 * until its expiry, which rotation moved 30 minutes on (Hydra's newUsedExpiry): until then its
 * reuse must still be recognised and revoke the chain (RFC 6819 §5.2.2.3).
 */
export const inactiveRefreshTokens: JanitorTarget = {
  name: 'refresh tokens',
  async select(db, cutoff, now, count) {
    const rows = await db
      .selectFrom('hydra_oauth2_refresh')
      .select('signature')
      .where('requested_at', '<', cutoff)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('active', '=', -1)]))
      .orderBy('requested_at')
      .limit(count)
      .execute();
    return rows.map((row) => row.signature);
  },
  async remove(db, keys) {
    await db.deleteFrom('hydra_oauth2_refresh').where('signature', 'in', keys).execute();
  },
};

/**
 * Expired authorization codes, used or not. A used code is kept until it expires, so that its
 * replay within its lifetime still revokes what it issued (RFC 6749 §4.1.2).
 */
export const expiredCodes: JanitorTarget = expiredSinceRequested('authorization codes', 'hydra_oauth2_code', 'signature');

/** Whether a token of `table` was issued under the flow's consent (its request id). */
function tokensOfConsent(eb: ExpressionBuilder<Tables, 'hydra_oauth2_flow'>, table: 'hydra_oauth2_access' | 'hydra_oauth2_refresh') {
  const consent = eb.selectFrom('hydra_oauth2_consent_session as s').whereRef('s.flow_id', '=', 'hydra_oauth2_flow.id');
  return eb.exists(
    table === 'hydra_oauth2_access'
      ? consent.innerJoin('hydra_oauth2_access as t', 't.request_id', 's.consent_request_id').select('s.flow_id')
      : consent.innerJoin('hydra_oauth2_refresh as t', 't.request_id', 's.consent_request_id').select('s.flow_id'),
  );
}

/**
 * Login/consent flows whose step expired (ttl.login_consent_request), abandoned, rejected or
 * revoked, with their consent-session row. A used consent is a consent session
 * (src/session/consent-sessions.ts) and stays while it matters: while remembered, since it lets a
 * later request skip the consent UI, and while any access or refresh token of its grant remains,
 * since revoking the session must still find and revoke them. (Hydra keeps every used consent;
 * Tessera lets one go once nothing hangs on it.)
 */
export const finishedFlows: JanitorTarget = {
  name: 'login and consent requests',
  async select(db, cutoff, now, count) {
    const rows = await db
      .selectFrom('hydra_oauth2_flow')
      .select('id')
      .where('requested_at', '<', cutoff)
      .where('expires_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb('state', '!=', 'consent_used'),
          eb.and([eb('consent_remember', '=', 0), eb.not(tokensOfConsent(eb, 'hydra_oauth2_access')), eb.not(tokensOfConsent(eb, 'hydra_oauth2_refresh'))]),
        ]),
      )
      .orderBy('requested_at')
      .limit(count)
      .execute();
    return rows.map((row) => row.id);
  },
  async remove(db, keys) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('hydra_oauth2_consent_session').where('flow_id', 'in', keys).execute();
      await trx.deleteFrom('hydra_oauth2_flow').where('id', 'in', keys).execute();
    });
  },
};

/** RP-initiated logout requests whose step expired, handled or not (src/logout/logout-store.ts). */
export const expiredLogoutRequests: JanitorTarget = {
  name: 'logout requests',
  async select(db, cutoff, now, count) {
    const rows = await db
      .selectFrom('hydra_oauth2_logout_request')
      .select('id')
      .where('requested_at', '<', cutoff)
      .where('expires_at', '<=', now)
      .orderBy('requested_at')
      .limit(count)
      .execute();
    return rows.map((row) => row.id);
  },
  async remove(db, keys) {
    await db.deleteFrom('hydra_oauth2_logout_request').where('id', 'in', keys).execute();
  },
};

/**
 * Login-session revocations (src/session/login-revocations.ts) that can no longer cover a cookie. A
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
      return rows.map((row) => row.id);
    },
    async remove(db, keys) {
      await db.deleteFrom('hydra_oauth2_login_revocation').where('id', 'in', keys).execute();
    },
  };
}

/**
 * JWT-bearer trust relationships (src/oauth2/trust/) that expired before the cutoff, as Hydra's
 * FlushInactiveGrants (`janitor --grants`): an expired relationship verifies no assertion, so
 * nothing hangs on it. With --keep-if-younger, one that expired less than that long ago stays.
 */
export const expiredTrustRelationships: JanitorTarget = expiredBeforeCutoff('trust relationships', 'hydra_oauth2_trusted_jwt_bearer_issuer', 'id');

/**
 * Identity-provider sessions of remembered logins (src/session/identity-provider-logout.ts) whose
 * cookie has expired: no browser can log out of that session any more. Hydra's janitor leaves its
 * login sessions alone; Tessera removes a row once it matters to nobody, as for the revocations.
 */
export const expiredIdentityProviderSessions: JanitorTarget = expiredBeforeCutoff('identity provider sessions', 'hydra_oauth2_login_session_idp', 'sid');

/**
 * Login sessions carried over from Hydra (src/flow/imported-login-sessions.ts) that have expired:
 * Hydra's cookie no longer names a session anyone can resume.
 */
export const expiredImportedLoginSessions: JanitorTarget = expiredBeforeCutoff('imported login sessions', 'hydra_oauth2_imported_login_session', 'sid');

/**
 * RFC 8628 device authorizations past their expiry (ttl.device_user_code), whatever their state:
 * a pending one can no longer be entered, an approved one no longer redeemed (expired_token), and
 * a redeemed one's replay is then refused as unknown.
 */
export const expiredDeviceCodes: JanitorTarget = expiredSinceRequested('device codes', 'hydra_oauth2_device_auth_codes', 'device_code_signature');

/** Device challenges of the verification page past their expiry (ttl.login_consent_request). */
export const expiredDeviceChallenges: JanitorTarget = expiredSinceRequested('device challenges', 'hydra_oauth2_device_challenge', 'id');

/**
 * The two shapes of "expired rows" above, written once. A table qualifies by its columns: an
 * `expires_at` (epoch ms), and for expiredSinceRequested a `requested_at`; the key names the
 * primary-key column. Kysely cannot type a query over a table chosen by a parameter, so the one
 * cast is here, narrowed to the tables that have the columns the query reads.
 */
type TableWith<Column extends string> = { [T in keyof Tables]: Tables[T] extends Record<Column, number> ? T : never }[keyof Tables];
type Expiring = Kysely<Record<string, Record<string, string | number | null>>>;

/** Rows requested before the cutoff that have expired by now, oldest request first (Hydra's order). */
function expiredSinceRequested<T extends TableWith<'requested_at' | 'expires_at'>>(name: string, table: T, key: keyof Tables[T] & string): JanitorTarget {
  return {
    name,
    async select(db, cutoff, now, count) {
      const rows = await (db as unknown as Expiring)
        .selectFrom(table as string)
        .select(key as string)
        .where('requested_at', '<', cutoff)
        .where('expires_at', '<=', now)
        .orderBy('requested_at')
        .limit(count)
        .execute();
      return rows.map((row) => String(row[key as string]));
    },
    remove: (db, keys) => removeByKey(db, table, key, keys),
  };
}

/** Rows with no request time that expired before the cutoff (and so before now), soonest first. */
function expiredBeforeCutoff<T extends TableWith<'expires_at'>>(name: string, table: T, key: keyof Tables[T] & string): JanitorTarget {
  return {
    name,
    async select(db, cutoff, now, count) {
      const rows = await (db as unknown as Expiring)
        .selectFrom(table as string)
        .select(key as string)
        .where('expires_at', '<', Math.min(cutoff, now))
        .orderBy('expires_at')
        .limit(count)
        .execute();
      return rows.map((row) => String(row[key as string]));
    },
    remove: (db, keys) => removeByKey(db, table, key, keys),
  };
}

async function removeByKey(db: Kysely<Tables>, table: keyof Tables, key: string, keys: string[]): Promise<void> {
  await (db as unknown as Expiring).deleteFrom(table as string).where(key, 'in', keys).execute();
}
