/**
 * Fastify's own request log lines, adjusted: the request id is logged as `request_id`; a
 * listener with `serve.*.request_log.disable_for_health` (Hydra's key) writes no line for
 * /health/alive and /health/ready, which probes hit every few seconds; and "route not found"
 * names the path without the query, whose values may be codes, challenges or tokens.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const HEALTH_PATH = /^(\/admin)?\/health\/(alive|ready)\/?(\?|$)/;

export interface RequestLogOptions {
  disableForHealth: boolean;
}

export class RequestLogController extends LogController {
  constructor(options: RequestLogOptions) {
    super({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: options.disableForHealth ? (request: { url?: string }) => HEALTH_PATH.test(request.url ?? '') : false,
    });
  }

  override routeNotFound(request: FastifyRequest, _reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.method}:${request.url.split('?', 1)[0]} not found`);
  }
}
