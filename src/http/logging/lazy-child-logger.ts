/**
 * Fastify's childLoggerFactory: each request gets a logger that creates its pino child (the one
 * bound to the request id, log-controller.ts) only when it writes a line at an enabled level.
 * Most requests write nothing (Fastify's request lines are info, below the usual level), and a
 * pino child per request costs about 2 µs, which the token endpoint paid on every request for
 * nothing. Lines that are written carry the same bindings as before.
 */
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type Write = (...args: unknown[]) => void;

class LazyRequestLogger {
  private real: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bound: Bindings,
  ) {}

  private get logger(): Logger {
    return (this.real ??= this.parent.child(this.bound));
  }

  get level(): string {
    return (this.real ?? this.parent).level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return (this.real ?? this.parent).isLevelEnabled(level);
  }

  bindings(): Bindings {
    return this.logger.bindings();
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger.child(bindings, options);
  }

  private write(level: Level, args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.logger[level] as Write)(...args);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}
}

/**
 * A route with its own logLevel gets a real child at once (pino applies the level there), and so
 * does a logger that is not pino (Fastify's no-op logger under `logger: false` has no levels).
 */
export function lazyChildLogger(parent: Logger, bindings: Bindings, options: ChildLoggerOptions): Logger {
  if (options.level || typeof (parent as Partial<Logger>).isLevelEnabled !== 'function') return parent.child(bindings, options);
  return new LazyRequestLogger(parent, bindings) as unknown as Logger;
}
