/**
 * A relying party's request_uri host for the request object tests, on a real port of 127.0.0.1:
 * GET <path> answers what `serve(path, ...)` put there (status, body), 404 for anything else, and
 * records every path asked for.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestUriServer {
  base: string;
  /** Paths fetched, in order. */
  hits: string[];
  serve(path: string, body: string | Buffer, status?: number): string;
  close(): Promise<void>;
}

export async function startRequestUriServer(): Promise<RequestUriServer> {
  const routes = new Map<string, { status: number; body: string | Buffer }>();
  const hits: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const route = routes.get(path);
    response.writeHead(route?.status ?? 404, { 'content-type': 'application/oauth-authz-req+jwt' });
    response.end(route?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    hits,
    serve(path, body, status = 200) {
      routes.set(path, { status, body });
      return `${base}${path}`;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
