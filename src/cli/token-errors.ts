/**
 * How a refused token request reads, as in Hydra's `perform client-credentials` and v1
 * `token client`: "Could not retrieve access token because: " and then the error as
 * golang.org/x/oauth2's RetrieveError prints it, `oauth2: "<error>" "<error_description>"`
 * (RFC 6749 §5.2 fields), or the status and raw body when the answer is no OAuth error at all.
 */
import { STATUS_CODES } from 'node:http';
import { CliError } from './fail.js';
import { ApiError } from './http/api-error.js';

const PREFIX = 'Could not retrieve access token because: ';

export function tokenEndpointError(error: unknown): CliError {
  if (!(error instanceof ApiError)) {
    // Unreachable server and the like: already a sentence that names the URL.
    const message = error instanceof Error ? error.message : String(error);
    return new CliError(`${PREFIX}${message}`);
  }
  return new CliError(`${PREFIX}${describe(error)}`);
}

function describe(error: ApiError): string {
  const body = error.body as { error?: unknown; error_description?: unknown; error_uri?: unknown } | undefined;
  if (body && typeof body.error === 'string' && body.error !== '') {
    let text = `oauth2: ${quote(body.error)}`;
    if (typeof body.error_description === 'string' && body.error_description !== '') text += ` ${quote(body.error_description)}`;
    if (typeof body.error_uri === 'string' && body.error_uri !== '') text += ` ${quote(body.error_uri)}`;
    return text;
  }
  const status = `${error.status} ${STATUS_CODES[error.status] ?? ''}`.trim();
  return `oauth2: cannot fetch token: ${status}\nResponse: ${error.rawBody}`;
}

/** Go's %q for the printable text servers send; JSON string escaping agrees with it there. */
function quote(text: string): string {
  return JSON.stringify(text);
}
