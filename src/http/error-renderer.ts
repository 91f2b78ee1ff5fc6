/**
 * The one place where a failure becomes a response, per surface. An OAuthError is rendered in
 * Hydra's shape with its status; a Fastify client error (bad JSON, body too large, wrong media
 * type) becomes the matching invalid_request / 413 / 415; a database that cannot be reached is
 * 503 temporarily_unavailable; anything else is a 500 server_error with no internals echoed.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError, errors, isOAuthError } from '../core/errors.js';
import { isDatabaseUnavailable } from '../persistence/unavailable.js';

export function toOAuthError(error: unknown): OAuthError {
  if (isOAuthError(error)) return error;
  const fastifyError = error as FastifyError;
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType.withHint(`Content-Type ${fastifyError.message.split(': ').pop() ?? ''} is not accepted here.`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidRequest.withHint('The request body is empty but its Content-Type is application/json.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidRequest.withHint('The request body is not valid JSON.');
  }
  if (fastifyError instanceof SyntaxError || fastifyError?.statusCode === 400) {
    return errors.invalidRequest.withHint('The request body could not be parsed.');
  }
  if (isDatabaseUnavailable(error)) {
    return errors.temporarilyUnavailable.withHint('The database cannot be reached; try again shortly.');
  }
  return errors.serverError;
}

export function errorHandler(exposeDebug: boolean) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const oauthError = toOAuthError(error);
    if (oauthError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    const debug = exposeDebug && !isOAuthError(error) ? (error as Error)?.message : undefined;
    const rendered = debug ? oauthError.withDebug(debug) : oauthError;
    reply.headers({ ...rendered.headers, 'cache-control': 'no-store', pragma: 'no-cache' });
    reply.status(rendered.statusCode).send(rendered.toJSON(exposeDebug));
  };
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const error = errors.notFound.withHint(`No route matches ${request.method} ${request.url.split('?')[0]}.`);
  reply.status(404).send(error.toJSON());
}
