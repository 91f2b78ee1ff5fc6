/**
 * A server logger for tests that must show a request was answered without an error-level line
 * (pino level 50 and above): every record is kept, at debug, through the process logger's own
 * serializers (logger.ts), so that what is asserted is what an operator would read.
 */
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/http/logging/logger.js';

export interface LogCapture {
  logger: Logger;
  /** Records at error level or above since the last `take`, emptied by it. */
  takeErrors(): Record<string, unknown>[];
}

export function captureErrorLog(): LogCapture {
  let errors: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        const record = JSON.parse(line) as Record<string, unknown>;
        if (typeof record.level === 'number' && record.level >= 50) errors.push(record);
      }
      done();
    },
  });
  return {
    logger: createLogger('debug', 'json', sink),
    takeErrors() {
      const taken = errors;
      errors = [];
      return taken;
    },
  };
}
