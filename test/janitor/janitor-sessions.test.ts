/**
 * The janitor's --requests targets for session state, on each database, with the janitor's clock
 * moved instead of slept: a login-session revocation is kept while a cookie it covers may still
 * be valid (ttl.authentication_session) and removed after; a used, unremembered consent is kept
 * while a token of its grant remains, so that revoking the consent session still reaches them.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { janitorTargets, runJanitor } from '../../src/janitor/janitor.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Browser, authorizeUrl, createClient, query, sdk, startLogin } from '../flow/support.js';
import { REDIRECT, codeFlowTokens, introspect, type FlowClient } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const HOUR = 3_600_000;
const app: FlowClient = { id: 'janitor-sessions-app', secret: 'janitor-sessions-secret' };

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    TTL_AUTHENTICATION_SESSION: '1h',
  },
};

describeOnEachDatabase('janitor and session state', serverOptions, (ctx) => {
  let sql: Database;
  const count = async (table: string) =>
    Number((await (sql.db as unknown as Kysely<any>).selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const targets = janitorTargets(HOUR);
  const clean = (kind: 'tokens' | 'requests', at: number) => runJanitor(sql, targets[kind], { keepIfYoungerMs: 0, limit: 1000, batchSize: 10, now: () => at });

  before(async () => {
    sql = openDatabase(parseDsn(ctx.database.dsn));
    await createClient(ctx.server, {
      client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      scope: 'openid offline_access', redirect_uris: [REDIRECT],
    });
  });
  after(async () => {
    await sql?.close();
  });

  it('keeps a login revocation while a cookie it covers may live, and removes it after', async () => {
    const browser = new Browser();
    const api = sdk(ctx.server);
    const start = () => startLogin(browser, authorizeUrl(ctx.as, { client_id: app.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' }));
    const remembered = await start();
    const { data } = await api.acceptOAuth2LoginRequest({ loginChallenge: remembered, acceptOAuth2LoginRequest: { subject: 'lee', remember: true } });
    assert.ok(query((await browser.visit(data.redirect_to)).location, 'consent_challenge'));
    await api.revokeOAuth2LoginSessions({ subject: 'lee' });
    await api.revokeOAuth2LoginSessions({ sid: 'some-other-session' });
    assert.equal(await count('hydra_oauth2_login_revocation'), 2);

    const soon = await clean('requests', Date.now() + 30 * 60_000);
    assert.equal(soon['login session revocations'], 0, 'within ttl.authentication_session a cookie may still be covered');
    assert.equal((await api.getOAuth2LoginRequest({ loginChallenge: await start() })).data.skip, false, 'and the revocation still works');

    const later = await clean('requests', Date.now() + HOUR + 60_000);
    assert.equal(later['login session revocations'], 2);
    assert.equal(await count('hydra_oauth2_login_revocation'), 0);
  });

  it('keeps a used consent while its tokens remain, so revoking it still revokes them', async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access');
    const consents = await count('hydra_oauth2_consent_session');
    assert.ok(consents >= 1);
    await clean('requests', Date.now() + 2 * HOUR);
    assert.equal(await count('hydra_oauth2_consent_session'), consents, 'the refresh token lives: the consent stays');
    await sdk(ctx.server).revokeOAuth2ConsentSessions({ subject: 'foo@bar.com', client: app.id });
    assert.equal((await introspect(ctx.server, tokens.refresh_token!)).active, false);

    await clean('tokens', Date.now() + 2 * HOUR);
    const done = await clean('requests', Date.now() + 2 * HOUR);
    assert.ok(done['login and consent requests']! >= 1);
    assert.equal(await count('hydra_oauth2_consent_session'), 0, 'removed with its flow once nothing hangs on it');
  });
});
