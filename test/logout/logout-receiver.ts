/**
 * A relying party's logout endpoints for the channel-logout tests, on a real port:
 * POST /bc/<name> records a Back-Channel Logout request (content type and logout_token) and
 * answers 200, or, for names containing "slow", holds the request open until close();
 * GET /fc/<name> records a Front-Channel Logout hit (the full URL, iss and sid included);
 * GET /logged-out and /callback record the landing and show a plain page.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BackChannelHit {
  name: string;
  contentType: string;
  logoutToken: string | null;
  /** Every form field, to check that nothing else was sent. */
  fields: string[];
}

export interface LogoutReceiver {
  base: string;
  backChannel: BackChannelHit[];
  frontChannel: URL[];
  landings: URL[];
  /** The path of every GET, in the order they arrived. */
  order: string[];
  /** Back-channel requests received and never answered (the "slow" RPs). */
  heldOpen(): number;
  /** Resolves once `count()` reaches `at least`; rejects after `timeoutMs`. */
  waitFor(count: () => number, atLeast: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLogoutReceiver(): Promise<LogoutReceiver> {
  const backChannel: BackChannelHit[] = [];
  const frontChannel: URL[] = [];
  const landings: URL[] = [];
  const order: string[] = [];
  const held: ServerResponse[] = [];
  let base = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    const [, kind, name = ''] = url.pathname.split('/');
    if (request.method === 'POST' && kind === 'bc') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        backChannel.push({ name, contentType: request.headers['content-type'] ?? '', logoutToken: form.get('logout_token'), fields: [...form.keys()] });
        if (name.includes('slow')) held.push(response);
        else response.writeHead(200, { 'cache-control': 'no-store' }).end();
      });
      return;
    }
    order.push(url.pathname);
    if (kind === 'fc') frontChannel.push(url);
    else if (kind === 'logged-out' || kind === 'callback') landings.push(url);
    response.writeHead(url.pathname === '/favicon.ico' ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><link rel="icon" href="data:,"><title>rp</title><p id="hit">${url.pathname}</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    backChannel,
    frontChannel,
    landings,
    order,
    heldOpen: () => held.filter((response) => !response.destroyed).length,
    async waitFor(count, atLeast, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (count() < atLeast) {
        if (Date.now() > deadline) throw new Error(`expected at least ${atLeast} hits, saw ${count()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
