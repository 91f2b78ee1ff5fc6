/**
 * The one place where a failure becomes a response, per surface. An OAuthError is rendered in
 * Hydra's shape with its status; a challenge already used (RequestAlreadyUsed) is Hydra's 410
 * `{redirect_to}`; a Fastify client error (bad JSON, body too large, wrong media
 * type, bad URL, failed schema) becomes the matching invalid_request / 413 / 415; a database that
 * cannot be reached is 503 temporarily_unavailable; a row refused because its client was deleted
 * meanwhile is invalid_client; a value no column can hold (a NUL, an overlong text) is
 * invalid_request; anything else is a 500 server_error with no internals echoed.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type OAuthError, RequestAlreadyUsed, errors, invalidRequestWithStatus, isOAuthError } from '../core/errors.js';
import { isDatabaseUnavailable } from '../persistence/unavailable.js';
import { isUnstorableTextError } from '../persistence/unstorable-text.js';
import { isValueRefusedByDatabase } from '../persistence/refused-value.js';
import { isForeignKeyViolation } from '../persistence/foreign-key-violation.js';

export function toOAuthError(error: unknown, request?: FastifyRequest): OAuthError {
  if (isOAuthError(error)) return error;
  const fastifyError = error as FastifyError;
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType.withHint(`Content-Type ${mediaType(request)} is not accepted here.`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidRequest.withHint('The request body is empty but its Content-Type is application/json.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidRequest.withHint('The request body is not valid JSON.');
    case 'FST_ERR_BAD_URL':
      return errors.invalidRequest.withHint('The request URL is not validly percent-encoded.');
    case 'FST_ERR_VALIDATION':
      // A route schema's message names the field and the rule ("body/grant_types must be array").
      return errors.invalidRequest.withHint(`${fastifyError.message}.`);
  }
  if (isUnstorableTextError(error)) {
    return errors.invalidRequest.withHint('A value contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored.');
  }
  if (isValueRefusedByDatabase(error)) {
    return errors.invalidRequest.withHint('A value is longer or larger than the database can store.');
  }
  if (fastifyError instanceof SyntaxError || fastifyError?.statusCode === 400) {
    return errors.invalidRequest.withHint('The request body could not be parsed.');
  }
  if (isDatabaseUnavailable(error)) {
    return errors.temporarilyUnavailable.withHint('The database cannot be reached; try again shortly.');
  }
  if (isForeignKeyViolation(error)) {
    // The client was deleted while this request ran: its rows are refused, nothing was kept.
    return errors.invalidClient.withHint('The OAuth 2.0 Client was deleted while the request was being processed.');
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status > 400 && status < 500 && typeof fastifyError.code === 'string') {
    // Any other client error Fastify raises keeps its status, in our shape, without its internals.
    return invalidRequestWithStatus(status);
  }
  return errors.serverError;
}

/** The media type the client sent, bounded and without parameters, for a hint. */
function mediaType(request: FastifyRequest | undefined): string {
  const raw = request?.headers['content-type'] ?? '';
  const type = raw.split(';', 1)[0]!.trim().slice(0, 100);
  return type === '' ? '(none)' : `"${type}"`;
}

export function errorHandler(exposeDebug: boolean) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof RequestAlreadyUsed) {
      // Hydra's 410 `{redirect_to}` body, with no-store alone (no Pragma), as the flow admin routes answered it
      // before the admin listener's cache policy (test/flow/code-flow.test.ts pins it).
      request.log.debug({ status: error.statusCode }, 'request already used');
      reply.header('cache-control', 'no-store');
      reply.status(error.statusCode).send(error.toJSON());
      return;
    }
    const oauthError = toOAuthError(error, request);
    if (oauthError.statusCode === 503) {
      // Expected while the database is away: one line per request, not a stack each.
      request.log.warn({ err: { message: (error as Error)?.message } }, 'request failed: database unavailable');
    } else if (oauthError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      // Only the error code: descriptions and hints may quote what the client sent.
      request.log.debug({ error: oauthError.error, status: oauthError.statusCode }, 'request rejected');
    }
    const debug = exposeDebug && !isOAuthError(error) ? (error as Error)?.message : undefined;
    const rendered = debug ? oauthError.withDebug(debug) : oauthError;
    reply.headers({ ...rendered.headers, 'cache-control': 'no-store', pragma: 'no-cache' });
    reply.status(rendered.statusCode).send(rendered.toJSON(exposeDebug));
  };
}

/** Errors Fastify raises before routing (a malformed URL): rendered like every other error. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const rendered = toOAuthError(error, request);
  // No hook runs before this handler, so the request id (request-id.ts) is echoed here.
  reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache', 'x-request-id': request.id });
  reply.status(rendered.statusCode).send(rendered.toJSON());
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const error = errors.notFound.withHint(`No route matches ${request.method} ${request.url.split('?')[0]}.`);
  reply.status(404).send(error.toJSON());
}
