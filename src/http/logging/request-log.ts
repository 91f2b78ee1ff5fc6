/**
 * What a request contributes to a log line. Query values are dropped (challenges, verifiers and
 * codes ride in queries) and no header is logged, so no secret, token or password reaches a log.
 */
import type { FastifyRequest } from 'fastify';

export function serializeRequest(request: FastifyRequest) {
  const [path, query] = request.url.split('?', 2) as [string, string?];
  const keys = query ? [...new URLSearchParams(query).keys()] : [];
  return {
    method: request.method,
    path,
    ...(keys.length > 0 ? { query_keys: keys } : {}),
    remote: request.ip,
  };
}
