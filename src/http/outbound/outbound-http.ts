/**
 * The one HTTP client of every request Tessera itself makes to a URL someone registered
 * (back-channel logout, sector_identifier_uri; later jwks_uri, request_uri, webhooks): node:http
 * and node:https with a guarded socket per request (guarded-connection.ts), no shared agent, no
 * proxy, nothing global. Each exchange is bounded in time (every hop together, at most
 * MAX_TIMEOUT_MS as Hydra's client timeout) and in response size; redirects are followed only
 * when the caller asks, at most `maxRedirects` hops (Go's client stops after 10), each hop
 * decided again by the policy and checked at connect, never from https down to http.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedConnection, type Resolver } from './guarded-connection.js';
import { addressRefusal } from './ip-ranges.js';
import { OutboundRefusal, OutboundResponseError, OutboundTimeout } from './outbound-errors.js';
import type { OutboundPolicy } from './outbound-policy.js';
import { registrationRefusal } from './registration-check.js';

export const MAX_TIMEOUT_MS = 30_000;
/** Go's http.Client default CheckRedirect. */
export const MAX_REDIRECTS = 10;

export interface OutboundInit {
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The most response body bytes accepted; 0 reads none (the status is all the caller needs). */
  maxBytes: number;
  /** 0 (the default) returns a 3xx to the caller as it is. */
  maxRedirects?: number;
  /**
   * Headers that carry a credential of the caller's own naming (an api key), dropped with
   * Authorization and Cookie when a redirect leaves the first URL's host (see sameSite below).
   */
  credentialHeaders?: readonly string[];
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export class OutboundHttp {
  constructor(
    readonly policy: OutboundPolicy,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  async request(target: string, init: OutboundInit): Promise<OutboundResponse> {
    const timeoutMs = Math.min(Math.max(1, init.timeoutMs), MAX_TIMEOUT_MS);
    const signal = AbortSignal.timeout(timeoutMs);
    const maxRedirects = Math.min(init.maxRedirects ?? 0, MAX_REDIRECTS);
    let url = parseHttpUrl(target);
    let written = target;
    let method = init.method ?? 'GET';
    let body = init.body;
    let headers = init.headers ?? {};
    const first = url;
    try {
      for (let hop = 0; ; hop += 1) {
        const response = await this.exchange(url, written, method, headers, body, signal);
        const location = response.headers.location;
        if (maxRedirects === 0 || !REDIRECTS.has(response.statusCode ?? 0) || !location) {
          return { status: response.statusCode ?? 0, headers: response.headers, body: await readBody(response, init.maxBytes), url: url.href };
        }
        response.destroy();
        if (hop >= maxRedirects) throw new OutboundResponseError(`stopped after ${maxRedirects} redirects`);
        const next = parseHttpUrl(location, url);
        if (url.protocol === 'https:' && next.protocol === 'http:') throw new OutboundResponseError('refused a redirect from https to http');
        // RFC 9110 §15.4: 303, and in practice 301/302 after a POST, continue with a GET.
        if (response.statusCode === 303 || (method === 'POST' && response.statusCode !== 307 && response.statusCode !== 308)) {
          method = 'GET';
          body = undefined;
        }
        // Go's client (shouldCopyHeaderOnRedirect): credentials follow a redirect only to the
        // first URL's host or one of its subdomains, so a redirect cannot hand them to a stranger.
        if (!sameSite(first, next)) headers = withoutCredentials(headers, init.credentialHeaders ?? []);
        // A relative Location is matched against the exceptions as the absolute URL it resolves to.
        [url, written] = [next, /^[a-z][a-z\d+.-]*:/iu.test(location) ? location : next.href];
      }
    } catch (error) {
      if (signal.aborted && !(error instanceof OutboundRefusal)) throw new OutboundTimeout(timeoutMs);
      throw error;
    }
  }

  /** Why `location` may not be registered under clients.http.*, or undefined (registration-check.ts). */
  registrationRefusal(location: string): Promise<string | undefined> {
    return registrationRefusal(location, this.policy, this.resolve);
  }

  private exchange(url: URL, written: string, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<IncomingMessage> {
    const tls = url.protocol === 'https:';
    const hostname = url.hostname.replace(/^\[|\]$/gu, '');
    const port = Number(url.port) || (tls ? 443 : 80);
    const destination = { hostname, port, tls, policy: this.policy.connectPolicyFor(url, written) };
    // Go's dialer Control hook refuses before the connect syscall; for a literal, so does this.
    const early = destination.policy && isIP(hostname) ? addressRefusal(hostname, destination.policy) : undefined;
    if (early) return Promise.reject(new OutboundRefusal(hostname, true, early));
    let refusal: OutboundRefusal | undefined;
    return new Promise((resolve, reject) => {
      const send = tls ? httpsRequest : httpRequest;
      const outgoing = send({
        hostname,
        port,
        path: `${url.pathname}${url.search}`,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        createConnection: () => guardedConnection(destination, this.resolve, (error) => (refusal = error)),
      });
      outgoing.once('response', resolve);
      // `on`, not `once`: a second 'error' must find a listener rather than crash the process.
      outgoing.on('error', (error) => reject(refusal ?? error));
      outgoing.end(body);
    });
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The headers Go's client drops on a redirect to another domain. */
const CREDENTIAL_HEADERS = ['authorization', 'www-authenticate', 'cookie', 'cookie2'];

/** Whether `next` is `first`'s host (any port) or a subdomain of it, as Go decides it. */
function sameSite(first: URL, next: URL): boolean {
  const from = first.hostname.toLowerCase();
  const to = next.hostname.toLowerCase();
  return to === from || to.endsWith(`.${from}`);
}

function withoutCredentials(headers: Record<string, string>, extra: readonly string[]): Record<string, string> {
  const dropped = new Set([...CREDENTIAL_HEADERS, ...extra.map((name) => name.toLowerCase())]);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !dropped.has(name.toLowerCase())));
}

function parseHttpUrl(location: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    throw new OutboundResponseError(base ? 'the redirect Location is not a URL' : 'the URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundResponseError(`the ${url.protocol} scheme is not fetched`);
  return url;
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (maxBytes <= 0) {
    response.destroy();
    return Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new OutboundResponseError(`the response is larger than ${maxBytes} bytes`));
      } else chunks.push(chunk);
    });
    response.once('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.once('close', () => reject(new OutboundResponseError('the response ended early')));
  });
}
