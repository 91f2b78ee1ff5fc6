/**
 * How a command ends on failure: the message on stderr, a non-zero exit, never a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function reportAndExit(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message.endsWith('\n') ? message : `${message}\n`}`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
