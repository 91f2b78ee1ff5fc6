/**
 * Deleting a client kills everything it holds, as Hydra's ON DELETE CASCADE foreign keys to
 * hydra_client do (persistence/sql/migrations/20190400000009000000_oauth2.*.sql and the consent
 * ones): access tokens (opaque and JWT), refresh tokens, codes, consent sessions, pending
 * login/consent/logout requests and the channel-logout enrolment. A second server on the same database
 * sees it at once, a token request racing the deletion never answers 500 nor leaves a live
 * token, and a client re-created with the same id does not bring the old grants back.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import * as oauth from 'oauth4webapi';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser, authorizeUrl, consent, createClient, login, pkce, query, sdk, startLogin } from '../flow/support.js';
import { REDIRECT, basic, codeFlowTokens, introspect, refreshRaw, type FlowClient } from '../flow/offline-grant.js';

const env = { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent', URLS_LOGOUT: 'http://login.test/logout' };
const doomed: FlowClient = { id: 'doomed-app', secret: 'doomed-secret' };
const doomedJwt: FlowClient = { id: 'doomed-jwt', secret: 'doomed-jwt-secret' };
const keeper: FlowClient = { id: 'keeper-app', secret: 'keeper-secret' };
const registration = (client: FlowClient, extra: Record<string, unknown> = {}) => ({
  client_id: client.id, client_secret: client.secret, grant_types: ['authorization_code', 'refresh_token', 'client_credentials'], response_types: ['code'],
  scope: 'openid offline_access photos.read', redirect_uris: [REDIRECT], ...extra,
});
const CLIENT_TABLES = ['hydra_oauth2_access', 'hydra_oauth2_refresh', 'hydra_oauth2_code', 'hydra_oauth2_flow', 'hydra_oauth2_session_client'];

async function clientCredentials(server: TestServer, client: FlowClient) {
  return request('POST', `${server.publicUrl}/oauth2/token`, 'grant_type=client_credentials&scope=photos.read', basic(client.id, client.secret));
}

/** A flow consented but whose code is never redeemed: the code is returned. */
async function unredeemedCode(server: TestServer, as: oauth.AuthorizationServer, client: FlowClient): Promise<{ code: string; verifier: string }> {
  const browser = new Browser();
  const { verifier, challenge } = await pkce();
  const loginChallenge = await startLogin(browser, authorizeUrl(as, {
    client_id: client.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid offline_access', state: 'state-123456', code_challenge: challenge, code_challenge_method: 'S256',
  }));
  const callback = await consent(browser, sdk(server), await login(browser, sdk(server), loginChallenge));
  return { code: query(callback, 'code')!, verifier };
}

/** The challenges of a flow waiting for login, and of one waiting for consent. */
async function pendingFlows(as: oauth.AuthorizationServer, server: TestServer, client: FlowClient): Promise<{ login: string; consent: string }> {
  const url = async () => authorizeUrl(as, {
    client_id: client.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456', code_challenge: (await pkce()).challenge, code_challenge_method: 'S256',
  });
  const pendingLogin = await startLogin(new Browser(), await url());
  const browser = new Browser();
  const pendingConsent = await login(browser, sdk(server), await startLogin(browser, await url()));
  return { login: pendingLogin, consent: pendingConsent };
}

/** The challenge of an RP-initiated logout of `client`, from a remembered login, waiting for the logout UI. */
async function pendingLogout(server: TestServer, as: oauth.AuthorizationServer, client: FlowClient): Promise<string> {
  const browser = new Browser();
  const api = sdk(server);
  const { verifier, challenge } = await pkce();
  const loginChallenge = await startLogin(browser, authorizeUrl(as, {
    client_id: client.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456', code_challenge: challenge, code_challenge_method: 'S256',
  }));
  const { data: accepted } = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'foo@bar.com', remember: true, remember_for: 3600 } });
  const callback = await consent(browser, api, query((await browser.visit(accepted.redirect_to)).location, 'consent_challenge')!);
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: query(callback, 'code')!, code_verifier: verifier, redirect_uri: REDIRECT }).toString();
  const tokens = await request('POST', `${server.publicUrl}/oauth2/token`, body, basic(client.id, client.secret));
  const endSession = new URL(as.end_session_endpoint!);
  endSession.searchParams.set('id_token_hint', tokens.body.id_token);
  const hop = await browser.visit(endSession.toString());
  const logoutChallenge = query(hop.location, 'logout_challenge');
  assert.ok(logoutChallenge, hop.location);
  return logoutChallenge;
}

async function rowsOf(database: Database, clientId: string): Promise<Record<string, number>> {
  const db = database.db as unknown as Kysely<any>;
  const counts: Record<string, number> = {};
  for (const table of CLIENT_TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('client_id', '=', clientId).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describeOnEachDatabase('client deletion', { env }, (ctx) => {
  let second: TestServer;
  let direct: Database;
  before(async () => {
    // Instances behind one load balancer share one issuer.
    second = await startTestServer({ dsn: ctx.database.dsn, env: { ...env, URLS_SELF_ISSUER: ctx.server.registry.config.urls.self.issuer }, migrate: false });
    direct = openDatabase(parseDsn(ctx.database.dsn));
  });
  after(async () => {
    await second?.close();
    await direct?.close();
  });

  it('kills tokens, codes, consent sessions and pending flows, on every server sharing the database', async () => {
    await createClient(ctx.server, registration(doomed));
    await createClient(ctx.server, registration(doomedJwt, { access_token_strategy: 'jwt' }));
    await createClient(ctx.server, registration(keeper));
    const tokens = await codeFlowTokens(ctx.server, ctx.as, doomed, 'openid offline_access photos.read');
    const issued = await clientCredentials(ctx.server, doomedJwt);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const jwt = issued.body.access_token as string;
    const kept = await codeFlowTokens(ctx.server, ctx.as, keeper, 'openid offline_access photos.read');
    const code = await unredeemedCode(ctx.server, ctx.as, doomed);
    const pending = await pendingFlows(ctx.as, ctx.server, doomed);
    const logoutChallenge = await pendingLogout(ctx.server, ctx.as, doomed);
    assert.equal((await request('GET', `${second.adminUrl}/admin/oauth2/auth/requests/logout?logout_challenge=${logoutChallenge}`)).body.client.client_id, doomed.id);
    for (const server of [ctx.server, second]) {
      assert.equal((await introspect(server, tokens.access_token)).active, true);
      assert.equal((await introspect(server, tokens.refresh_token!)).active, true);
      assert.equal((await introspect(server, jwt)).active, true, `JWT on ${server === ctx.server ? 'first' : 'second'} server`);
    }
    const sessions = async () => (await request('GET', `${second.adminUrl}/admin/oauth2/auth/sessions/consent?subject=foo@bar.com`)).body as any[];
    assert.ok((await sessions()).some((s) => s.consent_request.client.client_id === doomed.id));

    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/clients/${doomed.id}`)).status, 204);
    assert.equal((await request('DELETE', `${second.adminUrl}/admin/clients/${doomedJwt.id}`)).status, 204);

    for (const server of [ctx.server, second]) {
      assert.deepEqual(await introspect(server, tokens.access_token), { active: false });
      assert.deepEqual(await introspect(server, tokens.refresh_token!), { active: false });
      assert.deepEqual(await introspect(server, jwt), { active: false });
      const refreshed = await refreshRaw(server, doomed, tokens.refresh_token!);
      assert.equal(refreshed.status, 401);
      assert.equal(refreshed.body.error, 'invalid_client');
      const userinfo = await request('GET', `${server.publicUrl}/userinfo`, undefined, { authorization: `Bearer ${tokens.access_token}` });
      assert.equal(userinfo.status, 401);
      for (const [kind, challenge] of [['login', pending.login], ['consent', pending.consent], ['logout', logoutChallenge]] as const) {
        const flow = await request('GET', `${server.adminUrl}/admin/oauth2/auth/requests/${kind}?${kind}_challenge=${encodeURIComponent(challenge)}`);
        assert.ok(flow.status === 404 || flow.status === 410, `${kind} flow answers ${flow.status}`);
        assert.ok(typeof flow.body.error === 'string');
      }
    }
    assert.ok(!(await sessions()).some((s) => s.consent_request.client.client_id === doomed.id), 'the consent session is gone');
    for (const id of [doomed.id, doomedJwt.id]) {
      assert.deepEqual(await rowsOf(direct, id), Object.fromEntries(CLIENT_TABLES.map((t) => [t, 0])));
    }
    assert.equal((await introspect(second, kept.access_token)).active, true, 'another client keeps its tokens');
    assert.equal((await introspect(second, kept.refresh_token!)).active, true);

    // Re-created with the same id and secret: nothing of the old client comes back.
    await createClient(second, registration(doomed));
    assert.deepEqual(await introspect(ctx.server, tokens.access_token), { active: false });
    assert.deepEqual(await introspect(ctx.server, tokens.refresh_token!), { active: false });
    assert.equal((await refreshRaw(ctx.server, doomed, tokens.refresh_token!)).body.error, 'invalid_grant');
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: code.code, code_verifier: code.verifier, redirect_uri: REDIRECT }).toString();
    const redeemed = await request('POST', `${ctx.server.publicUrl}/oauth2/token`, body, basic(doomed.id, doomed.secret));
    assert.equal(redeemed.status, 400, JSON.stringify(redeemed.body));
    assert.equal(redeemed.body.error, 'invalid_grant');
    assert.ok(!(await sessions()).some((s) => s.consent_request.client.client_id === doomed.id));
  });

  it('token requests racing the deletion answer 200 or invalid_client, and leave nothing alive', async () => {
    const racer: FlowClient = { id: 'racer-app', secret: 'racer-secret' };
    await createClient(ctx.server, registration(racer));
    const before = await Promise.all([ctx.server, second].map((server) => clientCredentials(server, racer)));
    for (const response of before) assert.equal(response.status, 200);
    // Requests of the deleted client and of another keep going, four at a time, on both
    // servers, until the deletion has answered (bounded: at most 64 requests).
    const sent: { owner: FlowClient; response: Promise<Awaited<ReturnType<typeof clientCredentials>>> }[] = [];
    const send = (i: number) => {
      const owner = i % 3 ? racer : keeper;
      sent.push({ owner, response: clientCredentials(i % 2 ? second : ctx.server, owner) });
    };
    for (let i = 0; i < 4; i++) send(i);
    let deletionDone = false;
    const deletion = request('DELETE', `${second.adminUrl}/admin/clients/${racer.id}`).finally(() => (deletionDone = true));
    while (!deletionDone && sent.length < 64) {
      await sent[sent.length - 4]!.response;
      send(sent.length);
    }
    assert.equal((await deletion).status, 204);
    const responses = await Promise.all(sent.map(async ({ owner, response }) => ({ owner, ...(await response) })));
    for (const { owner, status, body } of responses) {
      if (owner === keeper) assert.equal(status, 200, JSON.stringify(body));
      else assert.ok(status === 200 || (status === 401 && body.error === 'invalid_client'), `${status} ${JSON.stringify(body)}`);
    }
    for (const { owner, status, body } of [...before.map((r) => ({ owner: racer, ...r })), ...responses]) {
      if (status === 200) assert.equal((await introspect(ctx.server, body.access_token)).active, owner === keeper, `a token of ${owner.id}`);
    }
    assert.deepEqual(await rowsOf(direct, racer.id), Object.fromEntries(CLIENT_TABLES.map((t) => [t, 0])));
  });
});
