/**
 * The token hooks' bounds and settings without a database: a real hook server that never answers
 * (the exchange ends at the hook timeout, Hydra's client bound, as a server_error), one whose
 * answer is over Hydra's 5 MiB limit, and the hook settings loaded from a file's URL-or-section
 * choice and from Hydra's environment variables.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/load.js';
import { FormParameters } from '../../src/core/form-parameters.js';
import { isOAuthError } from '../../src/core/errors.js';
import { OutboundHttp } from '../../src/http/outbound/outbound-http.js';
import { OutboundPolicy } from '../../src/http/outbound/outbound-policy.js';
import { HOOK_MAX_BYTES, TokenHooks } from '../../src/oauth2/hooks/token-hooks.js';
import { hookTarget } from '../../src/oauth2/hooks/hook-target.js';
import type { Issuance } from '../../src/oauth2/tokens/token-responder.js';

const SECRET = 'a-system-secret-of-32-characters';
const client = { client_id: 'unit-client', grant_types: ['client_credentials'] };
const issuance: Issuance = {
  client, grant: 'client_credentials', requestId: 'r-1', subject: 'unit-client', scope: [], audience: [], ext: { kept: true },
  request: { params: FormParameters.from({ grant_type: 'client_credentials' }), client },
};
const session = { issuer: 'https://issuer.example/', allowedTopLevelClaims: [], mirrorTopLevelClaims: true, preserveExtClaims: false, excludeNotBeforeClaim: false };
const logged: string[] = [];
const log = { warn: (details: Record<string, unknown>, message: string) => void logged.push(`${message} ${JSON.stringify(details)}`) };

describe('token hook bounds', () => {
  let server: Server;
  let base = '';
  const attempts = new Map<string, number>();
  const open = new Set<import('node:http').ServerResponse>();

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      const path = (req.url ?? '').split('?')[0]!;
      attempts.set(path, (attempts.get(path) ?? 0) + 1);
      if (path === '/flaky' && attempts.get(path) === 1) {
        res.writeHead(503).end();
        return;
      }
      if (path === '/flaky' || path === '/landing') {
        let text = '';
        req.on('data', (chunk: Buffer) => (text += chunk.toString()));
        req.on('end', () => res.writeHead(200).end(JSON.stringify({ session: { access_token: { path, posted: text.includes('"request"') } } })));
        return;
      }
      if (path === '/moved') {
        res.writeHead(307, { location: '/landing' }).end();
        return;
      }
      if (path === '/down' || path === '/not-implemented') {
        res.writeHead(path === '/down' ? 500 : 501).end();
        return;
      }
      if (req.url?.startsWith('/hang')) {
        open.add(res); // never answered: the client's timeout must end the exchange
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"session":{"access_token":{"big":"${'x'.repeat(HOOK_MAX_BYTES)}"}}}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const res of open) res.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const hooksFor = (path: string) =>
    new TokenHooks(new OutboundHttp(new OutboundPolicy({})), log, { tokenHook: { url: `${base}${path}?key=in-query` }, session, exchange: { budgetMs: 300, minWaitMs: 10 } });
  const run = (hooks: TokenHooks) => hooks.apply({ issuance, request: issuance.request!, expiresAt: { access_token: Date.now() + 1000 }, now: Date.now() });

  it('a hook that hangs fails with server_error at the timeout, logged without the query', async () => {
    logged.length = 0;
    await assert.rejects(run(hooksFor('/hang')), (error) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.error, 'server_error');
      assert.equal(error.statusCode, 500);
      assert.equal(error.description, 'An error occurred while executing the token hook.');
      assert.match(error.debug ?? '', /no answer within \d+ ms/);
      return true;
    });
    assert.equal(logged.length, 1);
    assert.ok(!logged[0]!.includes('in-query'), logged[0]);
  });

  it('an answer over 5 MiB is cut and does not decode: server_error, as Hydra\'s LimitReader', async () => {
    await assert.rejects(run(hooksFor('/big')), (error) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.description, 'The token hook target responded with an error.');
      assert.match(error.debug ?? '', /could not be decoded: .*larger than/);
      return true;
    });
  });

  it('retries a 503 as go-retryablehttp does, then takes the answer', async () => {
    const hooked = await run(hooksFor('/flaky'));
    assert.deepEqual(hooked.ext, { path: '/flaky', posted: true });
    assert.equal(attempts.get('/flaky'), 2);
  });

  it('gives up on a 500 after three attempts ("executing"), and does not retry a 501 ("responded")', async () => {
    await assert.rejects(run(hooksFor('/down')), (error) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.description, 'An error occurred while executing the token hook.');
      assert.match(error.debug ?? '', /giving up after 3 attempt\(s\): unexpected HTTP status 500 Internal Server Error/);
      return true;
    });
    assert.equal(attempts.get('/down'), 3);
    await assert.rejects(run(hooksFor('/not-implemented')), (error) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.description, 'The token hook target responded with an error.');
      assert.equal(error.debug, 'Token hook responded with HTTP status code: 501 Not Implemented');
      return true;
    });
    assert.equal(attempts.get('/not-implemented'), 1);
  });

  it('follows a 307 with the same POST, as Go\'s client does', async () => {
    const hooked = await run(hooksFor('/moved'));
    assert.deepEqual(hooked.ext, { path: '/landing', posted: true });
  });
});

describe('token hook settings', () => {
  it('reads a URL, a section, and Hydra\'s environment variables of both forms', () => {
    const env = (vars: Record<string, string>) => loadConfig({ env: { SECRETS_SYSTEM: SECRET, ...vars } }).config.oauth2;
    assert.deepEqual(hookTarget(env({ OAUTH2_TOKEN_HOOK: 'https://hooks.example.com/token' }).token_hook), { url: 'https://hooks.example.com/token' });
    const section = env({
      OAUTH2_REFRESH_TOKEN_HOOK_URL: 'https://hooks.example.com/refresh',
      OAUTH2_REFRESH_TOKEN_HOOK_AUTH_TYPE: 'api_key',
      OAUTH2_REFRESH_TOKEN_HOOK_AUTH_CONFIG_IN: 'cookie',
      OAUTH2_REFRESH_TOKEN_HOOK_AUTH_CONFIG_NAME: 'session',
      OAUTH2_REFRESH_TOKEN_HOOK_AUTH_CONFIG_VALUE: 'hook-secret',
    });
    assert.deepEqual(hookTarget(section.refresh_token_hook), {
      url: 'https://hooks.example.com/refresh',
      auth: { type: 'api_key', config: { in: 'cookie', name: 'session', value: 'hook-secret' } },
    });
    assert.equal(hookTarget(env({}).token_hook), undefined);
  });

  it('refuses a hook that is neither a URL nor a section with url, and an unknown auth type', () => {
    assert.throws(() => loadConfig({ env: { SECRETS_SYSTEM: SECRET, OAUTH2_TOKEN_HOOK: 'not a url' } }), /oauth2\.token_hook/);
    assert.throws(() => loadConfig({ env: { SECRETS_SYSTEM: SECRET, OAUTH2_TOKEN_HOOK_URL: 'https://h.example/', OAUTH2_TOKEN_HOOK_AUTH_TYPE: 'basic' } }), /oauth2\.token_hook/);
  });
});
