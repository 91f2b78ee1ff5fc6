/**
 * A request the server refused. The message is the server's own error, laid out as Hydra's CLI
 * lays it out: v2 prints a generic error's message and reason, or else the whole error body
 * (`error`, `error_description`, ...) pretty-printed; v1 prefixes the body with a sentence.
 */
import { CliError } from '../fail.js';

export type ErrorStyle = 'v1' | 'v2';

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly rawBody: string,
    readonly target: string,
    style: ErrorStyle,
  ) {
    super(describe(status, body, rawBody, target, style));
    this.name = 'ApiError';
  }
}

function describe(status: number, body: unknown, rawBody: string, target: string, style: ErrorStyle): string {
  if (body === undefined) {
    const excerpt = rawBody.trim().slice(0, 500);
    return `The server answered ${status} to ${target}${excerpt ? `:\n${excerpt}` : ' with an empty body.'}`;
  }
  const pretty = JSON.stringify(body, null, 2);
  if (style === 'v1') return `The request failed with the following error message:\n${pretty}`;
  const generic = (body as { error?: unknown } | null)?.error;
  if (generic && typeof generic === 'object') {
    const { message, reason } = generic as { message?: unknown; reason?: unknown };
    const lines = [message, reason].filter((line): line is string => typeof line === 'string' && line !== '');
    if (lines.length > 0) return lines.join('\n');
  }
  return `${pretty}\nFailed to execute API request, see error above.`;
}
