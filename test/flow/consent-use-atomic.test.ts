/**
 * Leg 5 of the flow is one transaction (issue-response.ts), on each database: when the database
 * itself refuses the code or the front-channel access token (a trigger raising an error on
 * insert, added for the test), the consent verifier is not burnt and no row of the answer is
 * left; once the database accepts writes again, the same verifier answers once, and only once.
 * The same invariant on the in-memory stores, with concurrent uses, is consent-use.unit.test.ts.
 * Leg 6, the token endpoint, the same way: a refused access token leaves the code unused
 * (code-redemption.ts; on PostgreSQL one statement, persistence/sql/code.ts).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql as raw } from 'kysely';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn, type Dialect } from '../../src/persistence/dsn.js';
import { Browser, authorizeUrl, createClient, login, query, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const serverOptions = { env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' } };

type RefusedTable = 'hydra_oauth2_code' | 'hydra_oauth2_access';

/** A trigger that makes every insert into `table` fail, as a full disk or a lost connection would mid-transaction; answers its removal. */
async function refuseInserts(database: Database, dialect: Dialect, table: RefusedTable): Promise<() => Promise<void>> {
  const name = `refuse_${table}`;
  const run = async (...statements: string[]) => {
    for (const statement of statements) await raw.raw(statement).execute(database.db);
  };
  switch (dialect) {
    case 'sqlite':
      await run(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
      return () => run(`DROP TRIGGER ${name}`);
    case 'postgres':
      await run(
        `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
        `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`,
      );
      return () => run(`DROP TRIGGER ${name} ON ${table}`, `DROP FUNCTION ${name}()`);
    case 'mysql':
      await run(
        `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'`,
      );
      return () => run(`DROP TRIGGER ${name}`);
  }
}

describeOnEachDatabase('leg 5 and the code exchange, each all or nothing', serverOptions, (ctx) => {
  let database: Database;

  before(async () => {
    database = openDatabase(parseDsn(ctx.database.dsn));
    for (const id of ['atomic-code', 'atomic-hybrid', 'atomic-exchange']) {
      await createClient(ctx.server, {
        client_id: id,
        client_secret: 'secret',
        grant_types: ['authorization_code', 'implicit'],
        response_types: ['code', 'code token'],
        scope: 'openid',
        redirect_uris: [REDIRECT],
      });
    }
  });
  after(async () => {
    await database?.close();
  });

  /** Login and consent granted; returns the browser and the URL carrying the consent verifier, not yet visited. */
  async function consentVerifierUrl(clientId: string, responseType: string): Promise<{ browser: Browser; url: string }> {
    const browser = new Browser();
    const start = authorizeUrl(ctx.as, {
      client_id: clientId,
      redirect_uri: REDIRECT,
      response_type: responseType,
      scope: 'openid',
      state: 'state-123456',
      nonce: 'nonce-123456',
    });
    const consentChallenge = await login(browser, sdk(ctx.server), await startLogin(browser, start));
    const { data } = await sdk(ctx.server).acceptOAuth2ConsentRequest({
      consentChallenge,
      acceptOAuth2ConsentRequest: { grant_scope: ['openid'] },
    });
    return { browser, url: data.redirect_to };
  }

  /** What the client's flows left in the database: flow states, codes, access tokens. */
  async function written(clientId: string) {
    const flows = await database.db.selectFrom('hydra_oauth2_flow').select('state').where('client_id', '=', clientId).execute();
    const codes = await database.db.selectFrom('hydra_oauth2_code').select('signature').where('client_id', '=', clientId).execute();
    const tokens = await database.db.selectFrom('hydra_oauth2_access').select('signature').where('client_id', '=', clientId).execute();
    return { flows: flows.map((row) => row.state), codes: codes.length, accessTokens: tokens.length };
  }

  /** Visits `url` while the database refuses every insert into `table`: the answer is a server error. */
  async function visitWhileRefused(browser: Browser, url: string, table: RefusedTable): Promise<void> {
    const allow = await refuseInserts(database, ctx.dialect, table);
    try {
      const refused = await browser.visit(url);
      assert.equal(refused.status, 500, refused.body);
    } finally {
      await allow();
    }
  }

  it('leaves the consent verifier unused and no code when the database refuses the code; the same verifier then answers once', async () => {
    const { browser, url } = await consentVerifierUrl('atomic-code', 'code');
    await visitWhileRefused(browser, url, 'hydra_oauth2_code');
    assert.deepEqual(await written('atomic-code'), { flows: ['consent_accepted'], codes: 0, accessTokens: 0 });
    const answer = await browser.visit(url);
    assert.equal(answer.status, 302, answer.body);
    assert.ok(query(answer.location, 'code'), answer.location);
    assert.deepEqual(await written('atomic-code'), { flows: ['consent_used'], codes: 1, accessTokens: 0 });
    const replay = await browser.visit(url);
    assert.equal(query(replay.location, 'error'), 'access_denied', 'single use still holds');
  });

  it('rolls back the code and the flow step when the database refuses the front-channel access token (hybrid)', async () => {
    const { browser, url } = await consentVerifierUrl('atomic-hybrid', 'code token');
    await visitWhileRefused(browser, url, 'hydra_oauth2_access');
    assert.deepEqual(
      await written('atomic-hybrid'),
      { flows: ['consent_accepted'], codes: 0, accessTokens: 0 },
      'the code inserted first is gone too',
    );
    const answer = await browser.visit(url);
    const fields = new URLSearchParams(new URL(answer.location).hash.slice(1));
    assert.ok(fields.get('code') && fields.get('access_token'), answer.location);
    assert.deepEqual(await written('atomic-hybrid'), { flows: ['consent_used'], codes: 1, accessTokens: 1 });
  });

  it('leaves the code unused when the database refuses the access token at the token endpoint; the code then answers once', async () => {
    const { browser, url } = await consentVerifierUrl('atomic-exchange', 'code');
    const code = query((await browser.visit(url)).location, 'code')!;
    const redeem = () =>
      fetch(ctx.as.token_endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('atomic-exchange:secret').toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
      });
    const allow = await refuseInserts(database, ctx.dialect, 'hydra_oauth2_access');
    try {
      const refused = await redeem();
      assert.equal(refused.status, 500, await refused.text());
    } finally {
      await allow();
    }
    const active = async () => (await database.db.selectFrom('hydra_oauth2_code').select('active').where('client_id', '=', 'atomic-exchange').execute()).map((row) => Number(row.active));
    assert.deepEqual(await active(), [1], 'the code is still unused');
    assert.equal((await written('atomic-exchange')).accessTokens, 0);
    const first = await redeem();
    assert.equal(first.status, 200, await first.clone().text());
    assert.match(((await first.json()) as { access_token: string }).access_token, /^ory_at_/);
    assert.deepEqual([await active(), (await written('atomic-exchange')).accessTokens], [[0], 1]);
    const second = await redeem();
    assert.deepEqual([second.status, ((await second.json()) as { error: string }).error], [400, 'invalid_grant']);
  });
});
