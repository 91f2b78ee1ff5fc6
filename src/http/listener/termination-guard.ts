/**
 * TLS termination (`serve.tls.allow_termination_from`), as Hydra's tlsx.EnforceTLSRequests: a
 * listener that serves plain HTTP behind a terminating proxy answers a request only when it
 * comes from one of the trusted ranges AND says `X-Forwarded-Proto: https`; every other request
 * is refused with 502 and "can not serve request over insecure http", Hydra's status and text.
 * Health checks (and Prometheus scrapes) always answer, so that an orchestrator can probe the
 * instance directly.
 *
 * Unlike Hydra, only the connection's own peer address counts, never `X-Forwarded-For`: that
 * header is written by whoever sends the request, so trusting it would let any client claim a
 * trusted address and be served over plain HTTP.
 */
import type { IncomingMessage } from 'node:http';
import { type OAuthError, errors } from '../../core/errors.js';
import type { TerminationRanges } from './termination-ranges.js';

/** Paths that answer without TLS: Hydra's healthx alive/ready and prometheusx, with /admin spellings. */
const ALWAYS_SERVED = new Set([
  '/health/alive',
  '/health/ready',
  '/metrics/prometheus',
  '/admin/health/alive',
  '/admin/health/ready',
  '/admin/metrics/prometheus',
]);

export function isAlwaysServed(url: string | undefined): boolean {
  let path = (url ?? '/').split('?', 1)[0]!;
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return ALWAYS_SERVED.has(path);
}

/** Why a request must be refused, or undefined when it may be served. */
export function terminationRefusal(request: IncomingMessage, ranges: TerminationRanges): OAuthError | undefined {
  if (isAlwaysServed(request.url)) return undefined;
  if (!ranges.contains(request.socket.remoteAddress)) {
    return errors.insecureHttp.withHint('The request came over plain HTTP from an address outside serve.tls.allow_termination_from.');
  }
  const proto = request.headers['x-forwarded-proto'];
  const value = (Array.isArray(proto) ? proto[0] : proto)?.trim().toLowerCase();
  if (!value) return errors.insecureHttp.withHint('The X-Forwarded-Proto header is missing; the terminating proxy must set it to https.');
  if (value !== 'https') return errors.insecureHttp.withHint('Expected the X-Forwarded-Proto header to be https.');
  return undefined;
}
