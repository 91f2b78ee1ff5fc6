/**
 * The janitor's --requests target for the channel-logout enrolment (hydra_oauth2_session_client),
 * on each database, with the janitor's clock moved instead of slept: a row goes once its login
 * session expired (ttl.authentication_session after it joined) or was revoked, by sid or by its
 * subject after it joined; a row of a live session stays, and so does one whose subject's
 * revocation came before it. Removal runs in batches of --batch-size.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql as raw, type Kysely } from 'kysely';
import { janitorTargets, runJanitor } from '../../src/janitor/janitor.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { createClient, sdk } from '../flow/support.js';
import { REDIRECT, codeFlowTokens, type FlowClient } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const HOUR = 3_600_000;
const NAME = 'channel logout enrolments';
const app: FlowClient = { id: 'enrolment-app', secret: 'enrolment-secret' };

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    TTL_AUTHENTICATION_SESSION: '1h',
  },
};

describeOnEachDatabase('janitor and the channel-logout enrolment', serverOptions, (ctx) => {
  let sql: Database;
  const db = () => sql.db as unknown as Kysely<any>;
  const sids = async () => (await db().selectFrom('hydra_oauth2_session_client').select('sid').orderBy('sid').execute()).map((r: { sid: string }) => r.sid);
  const clean = (at: number, batchSize = 10, onProgress?: (name: string, n: number) => void) =>
    runJanitor(sql, janitorTargets(HOUR).requests, { keepIfYoungerMs: 0, limit: 1000, batchSize, now: () => at, onProgress });
  const enrol = (sid: string, subject: string, createdAt: number) =>
    raw.raw(`INSERT INTO hydra_oauth2_session_client (sid, client_id, subject, created_at) VALUES ('${sid}', '${app.id}', '${subject}', ${createdAt})`).execute(sql.db);
  const revoked = (id: string, subject: string | null, sid: string | null, at: number) =>
    db().insertInto('hydra_oauth2_login_revocation').values({ id, subject, sid, revoked_at: at }).execute();

  before(async () => {
    sql = openDatabase(parseDsn(ctx.database.dsn));
    await createClient(ctx.server, {
      client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid', redirect_uris: [REDIRECT],
    });
  });
  after(async () => {
    await sql?.close();
  });

  it('removes the enrolment of a session revoked through the admin API, and keeps a live one', async () => {
    await codeFlowTokens(ctx.server, ctx.as, app, 'openid');
    await codeFlowTokens(ctx.server, ctx.as, app, 'openid');
    const [ended, live] = await sids();
    assert.ok(ended && live, 'each code flow enrols the client in its login session');
    // A revocation recorded while a flow of that session was finishing: no notification removed the row.
    await revoked('late-revocation', null, ended, Date.now());
    const done = await clean(Date.now() + 60_000);
    assert.equal(done[NAME], 1);
    assert.deepEqual(await sids(), [live]);
    await sdk(ctx.server).revokeOAuth2LoginSessions({ sid: live });
    assert.deepEqual(await sids(), [], 'a revocation by sid notifies the session and ends its enrolment at once');
  });

  it('removes expired and subject-revoked enrolments in batches, and keeps the others', async () => {
    const now = Date.now();
    await enrol('a-expired', 'ann', now - 2 * HOUR);
    await enrol('b-revoked-subject', 'bob', now - 30 * 60_000);
    await enrol('c-revoked-sid', 'cid', now - 20 * 60_000);
    await enrol('d-joined-after-revocation', 'dan', now - 10 * 60_000);
    await enrol('e-live', 'eve', now - 10 * 60_000);
    await enrol('f-other-subject', 'pairwise-of-bob', now - 30 * 60_000);
    await revoked('r-bob', 'bob', null, now - 20 * 60_000);
    await revoked('r-cid', null, 'c-revoked-sid', now - 15 * 60_000);
    await revoked('r-dan', 'dan', null, now - 15 * 60_000);

    const progress: number[] = [];
    const done = await clean(now, 2, (name, n) => name === NAME && progress.push(n));
    assert.equal(done[NAME], 3);
    assert.deepEqual(progress, [2, 3], 'two statements of at most --batch-size rows');
    assert.deepEqual(await sids(), ['d-joined-after-revocation', 'e-live', 'f-other-subject']);

    const later = await clean(now + HOUR);
    assert.equal(later[NAME], 3, 'an hour on, every one of those sessions has expired');
    assert.deepEqual(await sids(), []);
  });
});
