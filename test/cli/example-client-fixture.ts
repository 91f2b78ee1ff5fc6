/**
 * What the example client's tests share: a real Tessera whose login and consent URLs point at a
 * responder answering through @ory/hydra-client, two confidential clients (client_secret_basic
 * and client_secret_post) registered for a handful of loopback callback ports, the command lines
 * of v1 `token user` and v2 `perform authorization-code`, and a scripted browser (cookies kept
 * by hand, every redirect seen) that follows the "Authorize application" link to the callback.
 */
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { freePort } from '../support/ports.js';
import { Browser, createClient, sdk } from '../flow/support.js';
import { waitForHome, type RunningCli } from './cli-process.js';
import { startResponder, type Responder } from './login-consent-responder.js';

export const SECRET = 'consumer secret:+%';

export interface Fixture {
  server: TestServer;
  responder: Responder;
  nextPort(): number;
  v1Args(port: number, clientId?: string): string[];
  v2Args(port: number, ...extra: string[]): string[];
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const responder = await startResponder();
  const server = await startTestServer({ env: { URLS_LOGIN: `${responder.url}/login`, URLS_CONSENT: `${responder.url}/consent` } });
  responder.api = sdk(server);
  const ports: number[] = [];
  for (let i = 0; i < 6; i++) ports.push(await freePort());
  for (const [id, method] of [['example-consumer', 'client_secret_basic'], ['post-consumer', 'client_secret_post']]) {
    await createClient(server, {
      client_id: id, client_secret: SECRET, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      scope: 'openid offline', token_endpoint_auth_method: method, redirect_uris: ports.map((p) => `http://127.0.0.1:${p}/callback`),
    });
  }
  return {
    server,
    responder,
    nextPort: () => ports.shift()!,
    // The seed guide's command line, every URL given explicitly.
    v1Args: (port, clientId = 'example-consumer') => [
      'token', 'user', '--port', String(port), '--auth-url', `${server.publicUrl}/oauth2/auth`,
      '--token-url', `${server.publicUrl}/oauth2/token`, '--client-id', clientId, '--client-secret', SECRET,
      '--scope', 'openid,offline', '--redirect', `http://127.0.0.1:${port}/callback`, '--no-open',
    ],
    // v2 relies on its defaults: URLs from -e, the redirect URI from the port.
    v2Args: (port, ...extra) => [
      'perform', 'authorization-code', '-e', server.publicUrl, '-p', String(port),
      '--client-id', 'example-consumer', '--client-secret', SECRET, '--no-open', ...extra,
    ],
    close: async () => {
      await server.close();
      await responder.close();
    },
  };
}

export function authorizeLink(home: string): string {
  const match = /<a href="([^"]+)">Authorize application<\/a>/.exec(home);
  assert.ok(match, home);
  return match[1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** Follows the flow from the home page through login and consent to the CLI's callback. */
export async function authorize(cli: RunningCli, port: number): Promise<{ status: number; body: string }> {
  const base = `http://127.0.0.1:${port}/`;
  const browser = new Browser();
  let url = authorizeLink(await waitForHome(cli, base));
  for (let hop = 0; hop < 10; hop++) {
    const response = await browser.visit(url);
    if (url.startsWith(base)) return response;
    assert.equal(response.status, 302, `${url}: ${response.body}`);
    url = new URL(response.location, url).toString();
  }
  assert.fail('too many redirects');
}
