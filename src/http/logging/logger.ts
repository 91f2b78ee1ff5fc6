/**
 * The process logger (pino, Fastify's own). Requests are serialized by request-log.ts, which
 * keeps no header, query value or body; responses by their status; errors by error-log.ts,
 * which keeps type, code, message and stack only. No secret, token, code, challenge, verifier,
 * cookie or password reaches a log line at any level, and `log.leak_sensitive_values` does not
 * change that (docs/observability.md): there is nothing sensitive for it to reveal.
 */
import { pino, type Logger } from 'pino';
import { serializeRequest } from './request-log.js';
import { serializeError } from './error-log.js';
import { formatDestination, type LogFormat } from './log-format.js';

const LEVELS: Record<string, string> = { warning: 'warn', panic: 'fatal' };

/** `out` is the process's stdout unless a test captures the lines. */
export function createLogger(level: string, format: LogFormat = 'json', out: NodeJS.WritableStream = process.stdout): Logger {
  const options = {
    level: LEVELS[level] ?? level,
    base: { service: 'tessera' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: serializeRequest as any,
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      err: serializeError,
    },
  };
  return pino(options, formatDestination(format, out) as pino.DestinationStream);
}
