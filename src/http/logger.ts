/**
 * The process logger (pino, Fastify's own). Requests are serialized by request-log.ts, which
 * keeps no header and no query value; errors keep their message and stack only.
 */
import { pino, stdSerializers, type Logger } from 'pino';
import { serializeRequest } from './request-log.js';

const LEVELS: Record<string, string> = { warning: 'warn', panic: 'fatal' };

export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level: LEVELS[level] ?? level,
    base: { service: 'tessera' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: serializeRequest as any,
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      err: stdSerializers.err,
    },
    ...(pretty ? {} : {}),
  });
}
