/**
 * The process logger (pino, Fastify's own). Requests are serialized by request-log.ts, which
 * keeps no header and no query value; errors keep their message and stack only.
 */
import { pino, stdSerializers, type Logger } from 'pino';
import { serializeRequest } from './request-log.js';
import { formatDestination, type LogFormat } from './log-format.js';

const LEVELS: Record<string, string> = { warning: 'warn', panic: 'fatal' };

export function createLogger(level: string, format: LogFormat = 'json'): Logger {
  const options = {
    level: LEVELS[level] ?? level,
    base: { service: 'tessera' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: serializeRequest as any,
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      err: stdSerializers.err,
    },
  };
  return pino(options, formatDestination(format) as pino.DestinationStream);
}
