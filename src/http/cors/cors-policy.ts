/**
 * One listener's CORS answers, as rs/cors (v1.11, the version Hydra links) gives them under Ory's
 * configuration (oryx/configx/cors.go), following the Fetch standard's CORS protocol:
 * - a preflight (OPTIONS with Access-Control-Request-Method) always varies on Origin and the two
 *   request headers; it is answered with the allow headers only when the origin, the method and
 *   every requested header are allowed, and ends with 204 unless options_passthrough is set;
 * - an actual request varies on Origin and gets Access-Control-Allow-Origin (the request's own
 *   origin: Ory always validates through a function, so rs/cors never answers "*"), the exposed
 *   headers and Allow-Credentials only when its origin and method are allowed;
 * - a disallowed origin gets no Access-Control-* header at all, so the browser blocks the read.
 */
import type { CorsConfig } from '../../config/types.js';

export interface HeaderSink {
  header(name: string, value: string): unknown;
  getHeader(name: string): unknown;
}

const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

export class CorsPolicy {
  private readonly methods: Set<string>;
  private readonly headers: Set<string>;
  private readonly anyHeader: boolean;
  private readonly exposed: string | undefined;

  constructor(readonly config: CorsConfig) {
    this.methods = new Set(config.allowed_methods);
    this.anyHeader = config.allowed_headers.includes('*');
    this.headers = new Set(config.allowed_headers.map((name) => name.toLowerCase()));
    this.exposed = config.exposed_headers.length > 0 ? config.exposed_headers.map(canonicalHeaderName).join(', ') : undefined;
  }

  get passthrough(): boolean {
    return this.config.options_passthrough;
  }

  static isPreflight(method: string, headers: Record<string, unknown>): boolean {
    return method === 'OPTIONS' && typeof headers['access-control-request-method'] === 'string' && headers['access-control-request-method'] !== '';
  }

  /** Writes the preflight headers; returns why nothing was allowed (for `debug`), or undefined. */
  answerPreflight(reply: HeaderSink, request: { headers: Record<string, unknown> }, originAllowed: boolean): string | undefined {
    appendVary(reply, PREFLIGHT_VARY);
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || origin === '') return 'no Origin header';
    if (!originAllowed) return `origin ${origin} is not allowed`;
    const method = String(request.headers['access-control-request-method']);
    if (!this.methodAllowed(method)) return `method ${method} is not allowed`;
    const requested = headerList(request.headers['access-control-request-headers']);
    if (!this.anyHeader && !requested.every((name) => this.headers.has(name.toLowerCase()))) {
      return `headers ${requested.join(', ')} are not all allowed`;
    }
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-methods', method);
    const rawRequested = request.headers['access-control-request-headers'];
    if (requested.length > 0) reply.header('access-control-allow-headers', Array.isArray(rawRequested) ? rawRequested.join(', ') : String(rawRequested));
    if (this.config.allow_credentials) reply.header('access-control-allow-credentials', 'true');
    if (this.config.max_age > 0) reply.header('access-control-max-age', String(this.config.max_age));
    return undefined;
  }

  /** Whether an actual request could be allowed at all (it has an origin and an allowed method). */
  actualRequestEligible(method: string, headers: Record<string, unknown>): boolean {
    const origin = headers.origin;
    return typeof origin === 'string' && origin !== '' && this.methodAllowed(method);
  }

  /** Vary: Origin on every actual request, cacheable or not (rs/cors issue 10). */
  varyActual(reply: HeaderSink): void {
    appendVary(reply, 'Origin');
  }

  allowActual(reply: HeaderSink, origin: string): void {
    reply.header('access-control-allow-origin', origin);
    if (this.exposed) reply.header('access-control-expose-headers', this.exposed);
    if (this.config.allow_credentials) reply.header('access-control-allow-credentials', 'true');
  }

  private methodAllowed(method: string): boolean {
    if (this.methods.size === 0) return false;
    return method === 'OPTIONS' || this.methods.has(method);
  }
}

function headerList(value: unknown): string[] {
  const joined = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return joined.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

function appendVary(reply: HeaderSink, value: string): void {
  const existing = reply.getHeader('vary');
  reply.header('vary', existing ? `${String(existing)}, ${value}` : value);
}

/** Go's http.CanonicalHeaderKey: "content-type" becomes "Content-Type". */
function canonicalHeaderName(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((part) => (part === '' ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join('-');
}
