/**
 * The janitor's targets for the tables the code flow fills, on each database, with the janitor's
 * clock moved instead of slept: revoked refresh tokens go at once, rotated ones only after the
 * 30 minutes in which their reuse must still be recognised; used codes once expired; finished
 * login/consent flows once their step expired, but never a remembered consent.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { JANITOR_TARGETS, runJanitor } from '../../src/janitor/janitor.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Browser, authorizeUrl, createClient, login, pkce, sdk, startLogin } from '../flow/support.js';
import { REDIRECT, codeFlowTokens, refreshRaw, revoke, type FlowClient } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const MINUTE = 60_000;
const app: FlowClient = { id: 'janitor-app', secret: 'janitor-secret' };

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('janitor targets for flows, codes and refresh tokens', serverOptions, (ctx) => {
  let sql: Database;
  const count = async (table: string) =>
    Number((await (sql.db as unknown as Kysely<any>).selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const clean = (kind: keyof typeof JANITOR_TARGETS, at: number) =>
    runJanitor(sql, JANITOR_TARGETS[kind], { keepIfYoungerMs: 0, limit: 1000, batchSize: 10, now: () => at });

  before(async () => {
    sql = openDatabase(parseDsn(ctx.database.dsn));
    await createClient(ctx.server, {
      client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      scope: 'offline_access', redirect_uris: [REDIRECT],
    });
  });
  after(async () => {
    await sql?.close();
  });

  it('removes revoked refresh tokens at once and rotated ones after the reuse window', async () => {
    const rotated = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
    assert.equal((await refreshRaw(ctx.server, app, rotated.refresh_token!)).status, 200);
    const revoked = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
    assert.equal(await revoke(ctx.server, app, revoked.refresh_token!), 200);
    assert.equal(await count('hydra_oauth2_refresh'), 3);

    const now = await clean('tokens', Date.now());
    assert.equal(now['refresh tokens'], 1, 'the revoked one');
    const reuse = await refreshRaw(ctx.server, app, rotated.refresh_token!);
    assert.match(reuse.body.error_hint, /re-use was detected/, 'a rotated token is still recognised');

    const later = await clean('tokens', Date.now() + 31 * MINUTE);
    assert.equal(later['refresh tokens'], 2, 'the rotated one and its revoked successor');
    assert.equal(await count('hydra_oauth2_refresh'), 0);
  });

  it('removes expired codes and finished flows, but keeps a remembered consent', async () => {
    const flows = await count('hydra_oauth2_flow');
    const codes = await count('hydra_oauth2_code');
    assert.ok(flows >= 2 && codes >= 2);
    // One more flow whose consent is remembered: the row that lets the next request skip consent.
    const browser = new Browser();
    const api = sdk(ctx.server);
    const { challenge } = await pkce();
    const consentChallenge = await login(browser, api, await startLogin(browser, authorizeUrl(ctx.as, {
      client_id: app.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'offline_access', state: 'abcdefgh', code_challenge: challenge, code_challenge_method: 'S256',
    })));
    const { data } = await api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['offline_access'], remember: true, remember_for: 0 } });
    assert.match((await browser.visit(data.redirect_to)).location, /code=/);
    const now = await clean('requests', Date.now());
    assert.deepEqual(now, { 'login and consent requests': 0, 'authorization codes': 0, 'logout requests': 0, 'channel logout enrolments': 0, 'login session revocations': 0, 'identity provider sessions': 0, 'imported login sessions': 0, 'device codes': 0, 'device challenges': 0 });
    const later = await clean('requests', Date.now() + 31 * MINUTE);
    assert.deepEqual(later, { 'login and consent requests': flows, 'authorization codes': codes + 1, 'logout requests': 0, 'channel logout enrolments': 0, 'login session revocations': 0, 'identity provider sessions': 0, 'imported login sessions': 0, 'device codes': 0, 'device challenges': 0 });
    assert.equal(await count('hydra_oauth2_flow'), 1, 'the remembered consent stays');
    assert.equal(await count('hydra_oauth2_code'), 0);
  });
});
