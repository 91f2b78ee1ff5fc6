/**
 * One id per request, on every log line of that request and in the X-Request-Id response
 * header, so an operator can join a client's report, a gateway's log and Tessera's log.
 * An inbound X-Request-Id (set by a gateway or load balancer) is kept when it is a short token;
 * anything else is replaced, because the value reaches logs verbatim and must not carry
 * control characters, log-line injection or an unbounded payload.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and the punctuation of UUIDs, ULIDs, trace ids and base64; at most 128. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._~:+=/-]{1,128}$/;

export function requestIdFor(request: IncomingMessage): string {
  const inbound = request.headers[REQUEST_ID_HEADER];
  return typeof inbound === 'string' && SANE_REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/** Fastify server options: our id, not Fastify's counter (logged as `request_id`: log-controller.ts). */
export const requestIdOptions = {
  // false: Fastify must not copy the header unchecked; genReqId reads and vets it.
  requestIdHeader: false,
  genReqId: requestIdFor,
} as const;

/**
 * Echoes the id on every response, errors and 404s included (onRequest runs for both). A
 * callback hook, not an async one: nothing here waits, and an async hook costs every request a
 * promise and a microtask turn.
 */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
