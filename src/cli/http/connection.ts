/**
 * Where a management command sends its requests and with what: the endpoint from `--endpoint` or
 * the environment (ORY_SDK_URL as Hydra v2, HYDRA_ADMIN_URL as v1; both are read everywhere),
 * extra `-H` headers, and TLS verification unless `--skip-tls-verify`.
 */
import { CliError } from '../fail.js';
import type { ErrorStyle } from './api-error.js';
import { insecureDispatcher } from './tls.js';

export interface ConnectionOptions {
  endpoint?: string;
  httpHeader?: string[];
  skipTlsVerify?: boolean;
  fakeTlsTermination?: boolean;
  accessToken?: string;
  /** HYDRA_ADMIN_TOKEN for admin API calls; used only when no other Authorization is given. */
  adminToken?: string;
}

export interface Connection {
  endpoint: URL;
  headers: Record<string, string>;
  dispatcher?: object;
  style: ErrorStyle;
}

export const ADMIN_ENDPOINT_ENV = ['ORY_SDK_URL', 'HYDRA_ADMIN_URL'] as const;
export const V1_ADMIN_ENDPOINT_ENV = ['HYDRA_ADMIN_URL', 'ORY_SDK_URL'] as const;

export function resolveConnection(
  options: ConnectionOptions,
  envNames: readonly string[],
  style: ErrorStyle,
  env: NodeJS.ProcessEnv = process.env,
): Connection {
  const endpoint = parseEndpoint(options.endpoint || envNames.map((name) => env[name]).find(Boolean), envNames);
  const headers = parseHeaders(options.httpHeader ?? []);
  // v1 flags: pretend TLS was terminated by a proxy, and a bearer token for a gateway in front.
  if (options.fakeTlsTermination) headers['x-forwarded-proto'] = 'https';
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  if (options.adminToken && !headers.authorization) headers.authorization = `Bearer ${options.adminToken}`;
  const connection: Connection = { endpoint, headers, style };
  if (options.skipTlsVerify && endpoint.protocol === 'https:') connection.dispatcher = insecureDispatcher();
  return connection;
}

function parseEndpoint(raw: string | undefined, envNames: readonly string[]): URL {
  if (!raw) {
    throw new CliError(
      'To execute this command, the endpoint URL must point to the URL where Tessera (or Hydra) serves its admin API. ' +
        `To set the endpoint URL, use flag \`--endpoint\` or environment variable ${envNames.map((n) => `\`${n}\``).join(' or ')}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`Could not parse the endpoint URL "${raw}": it must be an absolute http:// or https:// URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`The endpoint URL "${raw}" must use http:// or https://.`);
  }
  // A trailing slash (as in the guides' `--endpoint http://127.0.0.1:4445/`) must not double up.
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

/** `-H 'Name: value'`; split at the first colon so values may contain colons (URLs, times). */
function parseHeaders(raw: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of raw) {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new CliError(
        `Unable to parse \`--http-header\` flag "${entry}". The format is a \`: \` delimited string like \`--http-header 'Some-Header: some-values'\`.`,
      );
    }
    const key = name.toLowerCase();
    const value = entry.slice(colon + 1).trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}
