/**
 * Counts and times every response of a listener. The `endpoint` label is the route pattern
 * Fastify matched (`/admin/clients/:id`), never the raw URL: ids, challenges and tokens in
 * paths or queries would otherwise become label values, exposed to every scraper and
 * multiplying series without bound. A request no route matched is labelled "unmatched".
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';
import { countOutcome } from './outcomes.js';

const UNMATCHED = 'unmatched';
/** Methods outside this list (any token may be a method) are labelled "other". */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function countRequests(app: FastifyInstance, metrics: Metrics, listener: 'public' | 'admin', grantTypes: () => readonly string[] = () => []): void {
  // A callback hook: nothing here waits, and an async hook costs every request a promise.
  app.addHook('onResponse', (request, reply, done) => {
    // routeOptions.url is undefined when the 404 handler answered.
    const endpoint = request.is404 ? UNMATCHED : (request.routeOptions.url ?? UNMATCHED);
    const labels = {
      listener,
      method: METHODS.has(request.method) ? request.method : 'other',
      endpoint,
      code: String(reply.statusCode),
    };
    metrics.requests.record(labels, reply.elapsedTime / 1000);
    countOutcome(metrics, request, endpoint, reply.statusCode, grantTypes);
    done();
  });
}
