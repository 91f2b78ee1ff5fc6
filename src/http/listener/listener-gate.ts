/**
 * The Node server under one Fastify app (through Fastify's serverFactory): HTTP or HTTPS as
 * listener-security.ts decided, and a gate in front of Fastify that
 *  - refuses requests that a TLS-terminating listener must not serve (termination-guard.ts), and
 *  - once shutdown has begun, answers requests that still arrive (on a kept-alive connection)
 *    with 503 temporarily_unavailable in Hydra's error shape and `Connection: close`, instead of
 *    Fastify's own body, while requests already in flight run to completion.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { errors, type OAuthError } from '../../core/errors.js';
import { CertificateReloader } from './certificate-reloader.js';
import type { ListenerSecurity } from './listener-security.js';
import { terminationRefusal } from './termination-guard.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Responses tracked before the first sweep: far above the requests in flight on one instance. */
const MIN_SWEEP = 256;

const shuttingDown = errors.temporarilyUnavailable.withHint('The server is shutting down; retry on another instance.');

export class ListenerGate {
  private closing = false;
  /**
   * Responses that may still need `Connection: close` at shutdown. No per-response listener
   * removes them (one per request cost more than the rest of this gate): the set is swept of the
   * answered ones whenever it has doubled since the last sweep, so it stays near the number of
   * requests in flight at a constant cost per request.
   */
  private readonly inFlight = new Set<ServerResponse>();
  private sweepAt = MIN_SWEEP;
  private reloader: CertificateReloader | undefined;

  constructor(
    readonly security: ListenerSecurity,
    private readonly log: Logger,
    private readonly name: 'public' | 'admin',
  ) {}

  get https(): boolean {
    return this.security.kind === 'https';
  }

  get scheme(): 'http' | 'https' {
    return this.https ? 'https' : 'http';
  }

  /** Fastify's serverFactory: builds the server with the timeouts Fastify would have set. */
  readonly serverFactory = (handler: Handler, options: FastifyServerOptions): Server => {
    const gated = (request: IncomingMessage, response: ServerResponse) => this.handle(handler, request, response);
    const server: Server = this.security.kind === 'https' ? this.httpsServer(this.security, gated) : createHttpServer(gated);
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout) server.setTimeout(options.connectionTimeout);
    return server;
  };

  /** Stops watching the certificate files (at shutdown, or when the listener failed to start). */
  close(): void {
    this.reloader?.close();
    this.reloader = undefined;
  }

  /** HTTPS with the certificate read at start; files given by path are reloaded when renewed. */
  private httpsServer(security: Extract<ListenerSecurity, { kind: 'https' }>, gated: Handler): Server {
    const { cert, key } = security.certificate;
    const server = createHttpsServer({ cert, key }, gated);
    if (security.reload) {
      // New connections get the new pair; established ones keep theirs (node:tls setSecureContext).
      this.reloader = new CertificateReloader(security.reload, security.certificate, (pair) => server.setSecureContext({ cert: pair.cert, key: pair.key }), this.log, this.name);
      this.reloader.start();
      server.once('close', () => this.close());
    }
    return server;
  }

  /** From now on new requests get 503, and the ones in flight close their connection when done. */
  beginShutdown(): void {
    this.closing = true;
    for (const response of this.inFlight) {
      if (!response.headersSent && !response.destroyed) response.setHeader('connection', 'close');
    }
  }

  private handle(handler: Handler, request: IncomingMessage, response: ServerResponse): void {
    if (this.closing) return refuse(response, shuttingDown, true);
    if (this.security.kind === 'termination') {
      const refusal = terminationRefusal(request, this.security.ranges);
      if (refusal) {
        this.log.warn({ method: request.method, path: request.url?.split('?', 1)[0], remoteAddress: request.socket.remoteAddress }, `refused: ${refusal.hint}`);
        return refuse(response, refusal, false);
      }
    }
    this.track(response);
    handler(request, response);
  }

  private track(response: ServerResponse): void {
    this.inFlight.add(response);
    if (this.inFlight.size < this.sweepAt) return;
    // Once its headers are sent, a response can no longer be told to close its connection.
    for (const tracked of this.inFlight) if (tracked.headersSent || tracked.destroyed) this.inFlight.delete(tracked);
    this.sweepAt = Math.max(MIN_SWEEP, this.inFlight.size * 2);
  }
}

function refuse(response: ServerResponse, error: OAuthError, close: boolean): void {
  const body = JSON.stringify(error.toJSON());
  response.writeHead(error.statusCode, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(body);
}
