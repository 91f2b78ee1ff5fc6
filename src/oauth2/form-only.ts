/**
 * RFC 6749 §3.2 / RFC 7009 §2.1 / RFC 7662 §2.1: these endpoints take
 * application/x-www-form-urlencoded bodies. Anything else is an invalid_request in the OAuth
 * shape, not a framework error.
 */
import type { FastifyRequest } from 'fastify';
import { errors } from '../core/errors.js';

export function requireFormBody(request: FastifyRequest): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw errors.invalidRequest.withHint('The request body must be sent as application/x-www-form-urlencoded.');
  }
}
