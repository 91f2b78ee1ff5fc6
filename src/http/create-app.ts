/**
 * What the public and the admin listener share: a Fastify instance with Hydra's conventions
 * (trailing slashes ignored, JSON errors in one renderer, 404 as JSON, bounded bodies), logging
 * through the process logger of logger.ts with a request id on every line (request-id.ts), and
 * JSON bodies parsed with a nesting bound (body/json-parser.ts).
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { errorHandler, frameworkErrorHandler, notFoundHandler } from './error-renderer.js';
import { echoRequestId, requestIdOptions } from './request-id.js';
import { RequestLogController } from './logging/log-controller.js';
import { lazyChildLogger } from './logging/lazy-child-logger.js';
import { registerJsonParser } from './body/json-parser.js';
import { recordRoutes } from './route-table.js';
import { clientErrorHandler } from './client-errors.js';

/** Large enough for any client or key set, small enough that no request can exhaust memory. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  logger: Logger | false;
  exposeInternalErrors: boolean;
  rewriteUrl?: FastifyServerOptions['rewriteUrl'];
  /** serve.*.request_log.disable_for_health: no request log line for health probes. */
  quietHealthChecks?: boolean;
  /** The listener's own Node server (HTTPS, termination and shutdown gate: listener-gate.ts). */
  serverFactory?: FastifyServerOptions['serverFactory'];
  /** Whether that server speaks TLS; Fastify only uses it to print https:// in its log lines. */
  https?: boolean;
}

/** What server.ts decides per listener; tests that build an app directly leave it empty. */
export type ListenerOptions = Pick<AppOptions, 'serverFactory' | 'https'>;

export function createApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : (options.logger as any),
    logger: options.logger === false ? false : undefined,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    trustProxy: false,
    return503OnClosing: true,
    ...requestIdOptions,
    logController: new RequestLogController({ disableForHealth: options.quietHealthChecks ?? false }),
    childLoggerFactory: lazyChildLogger as unknown as FastifyServerOptions['childLoggerFactory'],
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    ...(options.rewriteUrl ? { rewriteUrl: options.rewriteUrl } : {}),
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    ...(options.https ? { https: true } : {}),
  } as FastifyServerOptions);
  app.setErrorHandler(errorHandler(options.exposeInternalErrors));
  app.setNotFoundHandler(notFoundHandler);
  recordRoutes(app);
  echoRequestId(app);
  registerJsonParser(app);
  return app;
}
