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
  const open = new Set<import('node:http').ServerResponse>();

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
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
    new TokenHooks(new OutboundHttp(new OutboundPolicy({})), log, { tokenHook: { url: `${base}${path}?key=in-query` }, session, timeoutMs: 300 });
  const run = (hooks: TokenHooks) => hooks.apply({ issuance, request: issuance.request!, expiresAt: { access_token: Date.now() + 1000 }, now: Date.now() });

  it('a hook that hangs fails with server_error at the timeout, logged without the query', async () => {
    logged.length = 0;
    await assert.rejects(run(hooksFor('/hang')), (error) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.error, 'server_error');
      assert.equal(error.statusCode, 500);
      assert.equal(error.description, 'An error occurred while executing the token hook.');
      assert.match(error.debug ?? '', /no answer within 300 ms/);
      return true;
    });
    assert.equal(logged.length, 1);
    assert.ok(!logged[0]!.includes('in-query'), logged[0]);
  });

  it('an answer over 5 MiB fails with server_error', async () => {
    await assert.rejects(run(hooksFor('/big')), (error) => isOAuthError(error) && error.error === 'server_error' && /larger than/.test(error.debug ?? ''));
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
