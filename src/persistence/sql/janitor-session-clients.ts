/**
 * The channel-logout enrolment (hydra_oauth2_session_client, src/logout/channel-logout/) of login
 * sessions that can no longer end by a logout: a row is needed only until its session ends, when
 * Front-Channel Logout 1.0 §4 / Back-Channel Logout 1.0 §2.5 notify the client and the row goes.
 * Sessions that end otherwise leave their rows behind:
 * - expired: a remembered login lives at most ttl.authentication_session from when it was set
 *   (Hydra caps remember_for there), and the session existed before its client joined, so once
 *   that long has passed since `created_at` the session is over;
 * - revoked by sid (which notifies, but a row can join meanwhile), or revoked by subject (Hydra's
 *   RevokeSubjectLoginSession notifies nobody) after the row was written: a revocation covers the
 *   cookies set before it, and this session's was set before the row. A row's subject is the one
 *   the client's ID token carried, so a pairwise client's row is left to expire instead.
 * Rows are keyed (sid, client_id): a batch is removed by exactly those pairs.
 */
import type { JanitorTarget } from '../../janitor/janitor.js';

type Pair = [sid: string, clientId: string];

export function endedSessionClients(authenticationSessionMs: number): JanitorTarget {
  return {
    name: 'channel logout enrolments',
    async select(db, cutoff, now, count) {
      const rows = await db
        .selectFrom('hydra_oauth2_session_client as m')
        .select(['m.sid', 'm.client_id'])
        .where('m.created_at', '<', cutoff)
        .where((eb) =>
          eb.or([
            eb('m.created_at', '<', now - authenticationSessionMs),
            eb.exists(
              eb.selectFrom('hydra_oauth2_login_revocation as r')
                .select('r.id')
                .where((r) =>
                  r.or([r('r.sid', '=', r.ref('m.sid')), r.and([r('r.subject', '=', r.ref('m.subject')), r('r.revoked_at', '>=', r.ref('m.created_at'))])]),
                ),
            ),
          ]),
        )
        .orderBy('m.created_at')
        .limit(count)
        .execute();
      return rows.map((row) => JSON.stringify([row.sid, row.client_id] satisfies Pair));
    },
    async remove(db, keys) {
      const pairs = keys.map((key) => JSON.parse(key) as Pair);
      await db
        .deleteFrom('hydra_oauth2_session_client')
        .where((eb) => eb.or(pairs.map(([sid, clientId]) => eb.and([eb('sid', '=', sid), eb('client_id', '=', clientId)]))))
        .execute();
    },
  };
}
