/**
 * oauth2.token_hook and oauth2.refresh_token_hook end to end (Hydra oauth2/token_hook.go,
 * oauth2/refresh_hook.go), on each database: a hook server started here records every body and
 * header and answers as each test sets it (200 with claims, 204, 403, 500, junk). Checked: the
 * body Hydra sends for client_credentials, authorization_code and refresh_token; the api key in a
 * header (token hook) and a cookie (refresh hook); the hook's claims in introspection `ext`, the
 * JWT access token and the ID token, and kept across refreshes; the refusals Hydra answers with;
 * no secret in a log line; and the outbound guard refusing the hook's private address.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { createLogger } from '../../src/http/logging/logger.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { createClient } from '../flow/support.js';
import { REDIRECT, codeFlow, introspect, refreshRaw, type FlowClient } from '../flow/offline-grant.js';
import { request } from '../support/http.js';

interface Recorded {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

type Answer = { status: number; body?: string };

/** The hook server: records each call, answers with what `answers` holds for the path. */
class HookServer {
  readonly calls: Recorded[] = [];
  readonly answers = new Map<string, Answer>();
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.calls.push({ path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
        const answer = this.answers.get(req.url ?? '') ?? { status: 204 };
        res.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  take(): Recorded[] {
    return this.calls.splice(0);
  }

  answer(path: string, status: number, body?: unknown): void {
    this.answers.set(path, { status, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const hooks = new HookServer();
const TOKEN_KEY = 'token-hook-api-key-value';
const REFRESH_KEY = 'refresh-hook-cookie-value';
const logLines: string[] = [];
const logger = createLogger('debug', 'json', new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString().split('\n').filter((line) => line.trim() !== ''));
    done();
  },
}));

const app: FlowClient = { id: 'hooked-app', secret: 'hooked-app-secret' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function clientCredentials(id: string, secret: string, extra: Record<string, string> = {}) {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret, ...extra }).toString();
  return request('POST', `${ctx().server.publicUrl}/oauth2/token`, body, FORM);
}

let current: Parameters<Parameters<typeof describeOnEachDatabase>[2]>[0] | undefined;
const ctx = () => current!;

let hookBase = '';
const hookEnv = (): Record<string, string> => ({
  URLS_LOGIN: 'http://login.test/login',
  URLS_CONSENT: 'http://login.test/consent',
  OAUTH2_TOKEN_HOOK_URL: `${hookBase}/token`,
  OAUTH2_TOKEN_HOOK_AUTH_TYPE: 'api_key',
  OAUTH2_TOKEN_HOOK_AUTH_CONFIG_IN: 'header',
  OAUTH2_TOKEN_HOOK_AUTH_CONFIG_NAME: 'X-Hook-Key',
  OAUTH2_TOKEN_HOOK_AUTH_CONFIG_VALUE: TOKEN_KEY,
  OAUTH2_REFRESH_TOKEN_HOOK_URL: `${hookBase}/refresh`,
  OAUTH2_REFRESH_TOKEN_HOOK_AUTH_TYPE: 'api_key',
  OAUTH2_REFRESH_TOKEN_HOOK_AUTH_CONFIG_IN: 'cookie',
  OAUTH2_REFRESH_TOKEN_HOOK_AUTH_CONFIG_NAME: 'hook_session',
  OAUTH2_REFRESH_TOKEN_HOOK_AUTH_CONFIG_VALUE: REFRESH_KEY,
});

describeOnEachDatabase('token hooks', {
  logger,
  setup: async () => {
    if (!hookBase) hookBase = await hooks.start();
    return { env: hookEnv() };
  },
}, (context) => {
  before(async () => {
    current = context;
    hooks.answers.clear();
    hooks.take();
    await createClient(context.server, {
      client_id: 'hooked-m2m', client_secret: 'hooked-m2m-secret', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post',
      scope: 'photos.read photos.write', audience: ['https://api.example.com/photos'],
    });
    await createClient(context.server, {
      client_id: 'hooked-jwt', client_secret: 'hooked-jwt-secret', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post',
      scope: 'photos.read', access_token_strategy: 'jwt',
    });
    await createClient(context.server, {
      client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      scope: 'openid offline_access photos.read', redirect_uris: [REDIRECT],
    });
  });

  it('client_credentials: posts Hydra\'s body with the api key header, and the 200 claims reach introspection ext', async () => {
    hooks.answer('/token', 200, { session: { access_token: { hooked: true, tier: 'gold' }, id_token: { ignored: 'no ID token here' } } });
    const response = await clientCredentials('hooked-m2m', 'hooked-m2m-secret', { scope: 'photos.read', audience: 'https://api.example.com/photos' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const [call, ...more] = hooks.take();
    assert.equal(more.length, 0, 'the refresh hook is for the refresh_token grant only');
    assert.equal(call!.path, '/token');
    assert.equal(call!.headers['content-type'], 'application/json; charset=UTF-8');
    assert.equal(call!.headers['x-hook-key'], TOKEN_KEY);
    assert.equal(call!.headers.cookie, undefined);
    assert.deepEqual(call!.body.request, {
      client_id: 'hooked-m2m',
      requested_scopes: ['photos.read'],
      granted_scopes: ['photos.read'],
      granted_audience: ['https://api.example.com/photos'],
      grant_types: ['client_credentials'],
      // fosite's Sanitize: no client_secret, no audience.
      payload: { grant_type: ['client_credentials'], client_id: ['hooked-m2m'], scope: ['photos.read'] },
    });
    const session = call!.body.session;
    assert.deepEqual(session.extra, {});
    assert.equal(session.client_id, 'hooked-m2m');
    assert.equal(session.id_token.subject, 'hooked-m2m');
    assert.equal(session.id_token.id_token_claims.iss, ctx().as.issuer);
    assert.deepEqual(session.id_token.headers, { extra: {} });
    assert.match(session.id_token.expires_at.access_token, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(session.mirror_top_level_claims, true);
    assert.equal(session.exclude_not_before_claim, false);
    assert.ok(!JSON.stringify(call!.body).includes('hooked-m2m-secret'));

    const claims = await introspect(ctx().server, response.body.access_token);
    assert.equal(claims.active, true);
    assert.deepEqual(claims.ext, { hooked: true, tier: 'gold' });
  });

  it('a JWT access token carries the hook\'s claims', async () => {
    hooks.answer('/token', 200, { session: { access_token: { hooked: 'jwt' } } });
    const response = await clientCredentials('hooked-jwt', 'hooked-jwt-secret', { scope: 'photos.read' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(hooks.take().length, 1);
    const payload = decodeJwt(response.body.access_token);
    assert.deepEqual(payload.ext, { hooked: 'jwt' });
    assert.deepEqual((await introspect(ctx().server, response.body.access_token)).ext, { hooked: 'jwt' });
  });

  it('204 issues the token as it is', async () => {
    hooks.answer('/token', 204);
    const response = await clientCredentials('hooked-m2m', 'hooked-m2m-secret');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(hooks.take().length, 1);
    const claims = await introspect(ctx().server, response.body.access_token);
    assert.equal(claims.active, true);
    assert.equal(claims.ext, undefined);
  });

  it('403 refuses with access_denied; any other status and junk bodies fail with server_error, never a trace', async () => {
    const cases: Array<[Answer, number, string, string]> = [
      [{ status: 403 }, 403, 'access_denied', 'The token hook target responded with an error.'],
      [{ status: 501 }, 500, 'server_error', 'The token hook target responded with an error.'],
      [{ status: 201, body: '{"session":{}}' }, 500, 'server_error', 'The token hook target responded with an error.'],
      [{ status: 200, body: 'this is not json' }, 500, 'server_error', 'The token hook target responded with an error.'],
      [{ status: 200 }, 500, 'server_error', 'The token hook target responded with an error.'],
      [{ status: 200, body: '{"session":"claims"}' }, 500, 'server_error', 'The token hook target responded with an error.'],
      [{ status: 200, body: '{"session":{"access_token":["a"]}}' }, 500, 'server_error', 'The token hook target responded with an error.'],
    ];
    for (const [answer, status, error, description] of cases) {
      hooks.answers.set('/token', answer);
      const response = await clientCredentials('hooked-m2m', 'hooked-m2m-secret');
      assert.equal(response.status, status, JSON.stringify(answer));
      assert.equal(response.body.error, error);
      assert.equal(response.body.error_description, description);
      // Hydra's debug (the status, the decode error) only with oauth2.expose_internal_errors.
      assert.equal(response.body.error_debug, undefined);
      assert.ok(Object.keys(response.body).every((key) => ['error', 'error_description', 'error_hint', 'status_code'].includes(key)), JSON.stringify(response.body));
      assert.ok(!JSON.stringify(response.body).includes(' at '), 'no stack trace');
      assert.equal(hooks.take().length, 1);
    }
  });

  it('authorization_code then refresh: consent claims in, hook claims out, kept by refreshes; both hooks in Hydra\'s order', async () => {
    hooks.answer('/token', 200, { session: { access_token: { hooked: 'code' }, id_token: { hooked_id: 'yes' } } });
    const first = await codeFlow(ctx().server, ctx().as, app, 'openid offline_access photos.read', {
      access_token: { from_consent: 1 }, id_token: { given_name: 'Ada' },
    });
    const [codeCall, ...others] = hooks.take();
    assert.equal(others.length, 0);
    assert.deepEqual(codeCall!.body.request.payload, { grant_type: ['authorization_code'] });
    assert.deepEqual(codeCall!.body.request.grant_types, ['authorization_code']);
    assert.deepEqual(codeCall!.body.request.granted_scopes, ['openid', 'offline_access', 'photos.read']);
    assert.deepEqual(codeCall!.body.session.extra, { from_consent: 1 });
    assert.deepEqual(codeCall!.body.session.id_token.id_token_claims.ext, { given_name: 'Ada' });
    assert.equal(codeCall!.body.session.id_token.id_token_claims.sub, 'foo@bar.com');
    assert.deepEqual(codeCall!.body.session.id_token.id_token_claims.aud, [app.id]);
    assert.ok(codeCall!.body.session.id_token.expires_at.refresh_token);

    // Hydra assigns the hook's maps: the consent's claims are replaced, not merged.
    assert.deepEqual((await introspect(ctx().server, first.tokens.access_token)).ext, { hooked: 'code' });
    const idToken = decodeJwt(first.tokens.id_token!);
    assert.equal(idToken.hooked_id, 'yes');
    assert.equal(idToken.given_name, undefined);
    // /userinfo reads the ID token claims stored with the access token (Hydra: IDTokenClaims().ToMap()).
    const userinfo = await request('GET', `${ctx().server.publicUrl}/userinfo`, undefined, { authorization: `Bearer ${first.tokens.access_token}` });
    assert.equal(userinfo.status, 200, JSON.stringify(userinfo.body));
    assert.equal(userinfo.body.hooked_id, 'yes');
    assert.equal(userinfo.body.given_name, undefined);

    // Refresh: the refresh hook (cookie) first, then the token hook, both 204: the claims stay.
    hooks.answer('/token', 204);
    hooks.answer('/refresh', 204);
    const second = await refreshRaw(ctx().server, app, first.tokens.refresh_token!);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const [refreshCall, tokenCall, ...rest] = hooks.take();
    assert.equal(rest.length, 0);
    assert.equal(refreshCall!.path, '/refresh');
    assert.equal(refreshCall!.headers.cookie, `hook_session=${REFRESH_KEY}`);
    assert.equal(refreshCall!.headers['x-hook-key'], undefined);
    assert.equal(refreshCall!.body.subject, 'foo@bar.com');
    assert.equal(refreshCall!.body.client_id, app.id);
    assert.deepEqual(refreshCall!.body.granted_scopes, ['openid', 'offline_access', 'photos.read']);
    assert.deepEqual(refreshCall!.body.granted_audience, []);
    assert.deepEqual(refreshCall!.body.requester, {
      client_id: app.id, granted_scopes: ['openid', 'offline_access', 'photos.read'], granted_audience: [], grant_types: ['refresh_token'],
    });
    assert.deepEqual(refreshCall!.body.session.extra, { hooked: 'code' }, 'the hooked claims were stored with the refresh token');
    assert.equal(tokenCall!.path, '/token');
    assert.deepEqual(tokenCall!.body.request.payload, { grant_type: ['refresh_token'] });
    assert.deepEqual((await introspect(ctx().server, second.body.access_token)).ext, { hooked: 'code' });
    assert.equal(decodeJwt(second.body.id_token).hooked_id, 'yes');

    // The refresh hook answers with claims; the token hook, called after it, sees them.
    hooks.answer('/refresh', 200, { session: { access_token: { refreshed: true }, id_token: { refreshed_id: true } } });
    const third = await refreshRaw(ctx().server, app, second.body.refresh_token);
    assert.equal(third.status, 200, JSON.stringify(third.body));
    const [, seenByTokenHook] = hooks.take();
    assert.deepEqual(seenByTokenHook!.body.session.extra, { refreshed: true });
    assert.deepEqual(seenByTokenHook!.body.session.id_token.id_token_claims.ext, { refreshed_id: true });
    assert.deepEqual((await introspect(ctx().server, third.body.access_token)).ext, { refreshed: true });
    const thirdId = decodeJwt(third.body.id_token);
    assert.equal(thirdId.refreshed_id, true);
    assert.equal(thirdId.hooked_id, undefined);

    // A refusal by the refresh hook leaves the refresh token usable (nothing was rotated).
    hooks.answer('/refresh', 403);
    const refused = await refreshRaw(ctx().server, app, third.body.refresh_token);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'access_denied');
    assert.equal(hooks.take().length, 1, 'the token hook is not called once the refresh hook refused');
    hooks.answer('/refresh', 204);
    const after403 = await refreshRaw(ctx().server, app, third.body.refresh_token);
    assert.equal(after403.status, 200, JSON.stringify(after403.body));
    hooks.take();
  });

  it('jwt-bearer: the assertion is in the payload (Hydra\'s one addition to fosite\'s Sanitize), the client secret is not', async () => {
    const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    await createClient(ctx().server, { client_id: 'hooked-bearer', client_secret: 'hooked-bearer-secret', grant_types: [GRANT], scope: 'read', token_endpoint_auth_method: 'client_secret_post' });
    const trusted = await request('POST', `${ctx().server.adminUrl}/admin/trust/grants/jwt-bearer/issuers`, {
      issuer: 'https://idp.example.com', subject: 'alice', scope: ['read'], jwk: { ...(await exportJWK(publicKey)), kid: 'hook-idp', alg: 'ES256', use: 'sig' },
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    assert.equal(trusted.status, 201, JSON.stringify(trusted.body));
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'hook-idp' })
      .setIssuer('https://idp.example.com').setSubject('alice').setAudience(ctx().as.token_endpoint!)
      .setIssuedAt().setExpirationTime('5m').sign(privateKey);
    hooks.answer('/token', 200, { session: { access_token: { bearer_hooked: true } } });
    const body = new URLSearchParams({ grant_type: GRANT, assertion, scope: 'read', client_id: 'hooked-bearer', client_secret: 'hooked-bearer-secret' }).toString();
    const response = await request('POST', ctx().as.token_endpoint!, body, FORM);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const [call] = hooks.take();
    assert.deepEqual(call!.body.request.payload, { grant_type: [GRANT], assertion: [assertion], scope: ['read'], client_id: ['hooked-bearer'] });
    assert.deepEqual(call!.body.request.granted_scopes, ['read']);
    assert.equal(call!.body.session.id_token.subject, 'alice');
    const claims = await introspect(ctx().server, response.body.access_token);
    assert.deepEqual(claims.ext, { bearer_hooked: true });
    assert.deepEqual(call!.body.request.granted_audience, claims.aud ?? []);
  });

  it('a 500 is tried three times (Hydra\'s client retries), then fails as a hook it could not execute', async () => {
    hooks.answer('/token', 500);
    const response = await clientCredentials('hooked-m2m', 'hooked-m2m-secret');
    assert.equal(response.status, 500);
    assert.equal(response.body.error, 'server_error');
    assert.equal(response.body.error_description, 'An error occurred while executing the token hook.');
    assert.equal(hooks.take().length, 3);
  });

  it('logs a failure without the api key, the body or a token', async () => {
    logLines.length = 0;
    hooks.answer('/token', 501);
    const response = await clientCredentials('hooked-m2m', 'hooked-m2m-secret');
    assert.equal(response.status, 500);
    hooks.take();
    const text = logLines.join('\n');
    assert.match(text, /token hook/);
    for (const secret of [TOKEN_KEY, REFRESH_KEY, 'hooked-m2m-secret', 'ory_at_', 'ory_rt_']) assert.ok(!text.includes(secret), `${secret} logged`);
  });

  it('with clients.http.disallow_private_ip_ranges on, the hook on 127.0.0.1 is refused: server_error, no call', async () => {
    await ctx().restart({ env: { ...hookEnv(), CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true' } });
    hooks.answer('/token', 204);
    const response = await clientCredentials('hooked-m2m', 'hooked-m2m-secret');
    assert.equal(response.status, 500, JSON.stringify(response.body));
    assert.equal(response.body.error, 'server_error');
    assert.equal(response.body.error_description, 'An error occurred while executing the token hook.');
    assert.equal(hooks.take().length, 0);
  });
});

after(() => hooks.close());
