/**
 * The relying party's redirect target in a browser test: a tiny node:http listener that records
 * the query of every hit on /callback (and /logged-out) and shows a plain page.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallbackListener {
  /** e.g. http://127.0.0.1:40123/callback */
  callbackUrl: string;
  loggedOutUrl: string;
  /** Every hit, in order, as the full URL the browser requested. */
  hits: URL[];
  close(): Promise<void>;
}

export async function startCallbackListener(): Promise<CallbackListener> {
  const hits: URL[] = [];
  let base = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    if (url.pathname === '/callback' || url.pathname === '/logged-out') hits.push(url);
    response.writeHead(url.pathname === '/favicon.ico' ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    // An empty data: icon so that the browser asks for no favicon and logs no 404.
    response.end(`<!doctype html><link rel="icon" href="data:,"><title>callback</title><p id="hit">${url.pathname}</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    callbackUrl: `${base}/callback`,
    loggedOutUrl: `${base}/logged-out`,
    hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
