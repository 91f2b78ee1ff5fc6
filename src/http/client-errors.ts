/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL over the 16 KiB
 * limit: 431; a request line or header it cannot parse: 400; a request that did not arrive in
 * time: 408). Fastify's default answer is a JSON body of its own shape; this one answers in
 * Hydra's (`error`, `error_description`, `error_hint`, `status_code`), then closes the socket as
 * the default does, since the connection's framing can no longer be trusted.
 */
import type { Socket } from 'node:net';
import { type OAuthError, errors, invalidRequestWithStatus } from '../core/errors.js';

function answerFor(code: string | undefined): OAuthError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return invalidRequestWithStatus(431).withHint('The request line and headers are larger than this server accepts.');
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return invalidRequestWithStatus(408).withHint('The request did not arrive in time.');
  }
  return errors.invalidRequest.withHint('The request is not valid HTTP.');
}

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = answerFor(error.code);
  const body = JSON.stringify(answer.toJSON());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.statusCode} ${answer.statusCode === 431 ? 'Request Header Fields Too Large' : answer.statusCode === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
