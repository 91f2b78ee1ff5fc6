/**
 * A stand-in for the admin API's login/consent/logout routes, speaking Hydra's paths and JSON, so
 * that the reference app's own behaviour (what it sends for skip, remember, denial, scopes) is
 * checked exactly. The full flow against a real Tessera lives in login-consent-flow.test.ts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  challenge: string | null;
  body: unknown;
}

export interface FakeAdmin {
  /** Also where accept and reject send the browser: `${url}/done/{kind}/{accept|reject}`, a plain page. */
  url: string;
  calls: RecordedCall[];
  /** Request objects by challenge, as GET .../requests/{kind}?{kind}_challenge= returns them. */
  login: Map<string, Record<string, unknown>>;
  consent: Map<string, Record<string, unknown>>;
  logout: Map<string, Record<string, unknown>>;
  /** Challenges already handled: GET answers 410 with a redirect_to, as Hydra does. */
  handled: Set<string>;
  close(): Promise<void>;
}

const ROUTE = /^\/admin\/oauth2\/auth\/requests\/(login|consent|logout)(?:\/(accept|reject))?$/;

export async function startFakeAdmin(): Promise<FakeAdmin> {
  const fake = {
    calls: [] as RecordedCall[],
    login: new Map<string, Record<string, unknown>>(),
    consent: new Map<string, Record<string, unknown>>(),
    logout: new Map<string, Record<string, unknown>>(),
    handled: new Set<string>(),
  };
  let base = '';
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    if (url.pathname.startsWith('/done/')) {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end(`<!doctype html><link rel="icon" href="data:,"><title>done</title><p id="done">${url.pathname}</p>`);
    }
    const match = ROUTE.exec(url.pathname);
    const raw = await readBody(request);
    const kind = match?.[1] as 'login' | 'consent' | 'logout' | undefined;
    const challenge = kind ? url.searchParams.get(`${kind}_challenge`) : null;
    fake.calls.push({ method: request.method ?? '', path: url.pathname, challenge, body: raw ? JSON.parse(raw) : undefined });
    const send = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (kind && challenge && fake.handled.has(challenge)) {
      return send(410, { redirect_to: `${base}/done/${kind}/handled` });
    }
    const found = kind && challenge ? fake[kind].get(challenge) : undefined;
    if (!match || !kind || !found) {
      return send(404, { error: 'Not Found', error_description: 'Unable to locate the requested resource', status_code: 404 });
    }
    if (!match[2]) return send(200, found);
    if (kind === 'logout' && match[2] === 'reject') return send(204);
    return send(200, { redirect_to: `${base}/done/${kind}/${match[2]}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    ...fake,
    url: base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A login request as Hydra returns it for a first visit. */
export function loginRequest(challenge: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    challenge,
    skip: false,
    subject: '',
    client: { client_id: 'demo-client', client_name: 'Demo <Client>' },
    request_url: 'http://127.0.0.1:4444/oauth2/auth?client_id=demo-client',
    requested_scope: ['openid', 'offline', 'email', 'profile'],
    requested_access_token_audience: [],
    ...overrides,
  };
}

export function consentRequest(challenge: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    challenge,
    skip: false,
    subject: 'foo@bar.com',
    client: { client_id: 'demo-client', client_name: 'Demo <Client>' },
    request_url: 'http://127.0.0.1:4444/oauth2/auth?client_id=demo-client',
    requested_scope: ['openid', 'offline', 'email', 'profile'],
    requested_access_token_audience: ['https://api.example.com'],
    ...overrides,
  };
}
