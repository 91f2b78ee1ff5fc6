/**
 * The protected upstream of the gateway scenario (seed 002 puts an nginx there): a static page
 * that shows, and a JSON endpoint that echoes, the identity headers the gateway adds
 * (OIDC_CLAIM_sub, OIDC_CLAIM_email, ...). It records every request it gets, so a test can prove
 * that nothing reached it without passing the gateway's authentication.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamHit {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface Upstream {
  url: string;
  hits: UpstreamHit[];
  close(): Promise<void>;
}

/** The identity headers mod_auth_openidc sets, lower-cased as node reads them. */
export function identity(headers: IncomingHttpHeaders): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('oidc_claim_') && typeof value === 'string') claims[name.slice('oidc_claim_'.length)] = value;
  }
  return claims;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startUpstream(): Promise<Upstream> {
  const hits: UpstreamHit[] = [];
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    hits.push({ path, headers: request.headers });
    const claims = identity(request.headers);
    if (path === '/headers') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ claims, remoteUser: request.headers['oidc_claim_sub'] ?? null, gateway: request.headers['x-gateway'] ?? null }));
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(404).end();
      return;
    }
    const rows = Object.entries(claims)
      .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td data-claim="${escapeHtml(name)}">${escapeHtml(value)}</td></tr>`)
      .join('');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Upstream behind the gateway</title>
<style>body{font-family:sans-serif;margin:2rem}th{text-align:left;padding-right:1rem}</style></head>
<body><h1>Welcome to the upstream</h1>
<p>Signed in as <strong id="subject">${escapeHtml(claims.sub ?? '(nobody)')}</strong>, as the gateway says.</p>
<p>Path: <code id="path">${escapeHtml(path)}</code></p>
<table>${rows}</table></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
