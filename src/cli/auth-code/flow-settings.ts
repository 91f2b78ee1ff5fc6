/**
 * Turns the example client's flags into the settings of one run, as Hydra does: the local server
 * lives at http://127.0.0.1:<port>/, the redirect URI defaults to its /callback, and the
 * authorization and token URLs default to the public endpoint (`-e`, or ORY_SDK_URL in v2 and
 * HYDRA_URL in v1) plus /oauth2/auth and /oauth2/token. A client secret is optional: a public
 * client still gets its tokens, thanks to PKCE.
 */
import type { Command } from 'commander';
import { CliError } from '../fail.js';
import type { ClientCredentials } from '../http/basic-auth.js';
import { resolveConnection, type Connection, type ConnectionOptions } from '../http/connection.js';
import type { FlowFlags, FlowStyle } from './flow-options.js';

export interface FlowSettings {
  style: FlowStyle;
  port: number;
  /** The home page, "http://127.0.0.1:<port>/", which the guides tell the user to open. */
  serverLocation: string;
  redirectUrl: string;
  authUrl: string;
  /** The token endpoint, with the `-H` headers and `--skip-tls-verify` of the command. */
  token: Connection;
  client: { id: string; secret?: string };
  flags: FlowFlags;
}

const ENDPOINT_ENV: Record<FlowStyle, string> = { v2: 'ORY_SDK_URL', v1: 'HYDRA_URL' };

export function flowSettings(command: Command, flags: FlowFlags, style: FlowStyle, env: NodeJS.ProcessEnv = process.env): FlowSettings {
  if (!flags.clientId) {
    throw new CliError('Please provide a Client ID using --client-id flag, or OAUTH2_CLIENT_ID environment variable.');
  }
  if (flags.https) {
    // Hydra signs a throwaway certificate here; Node has no X.509 writer and hand-made ASN.1 is
    // out of the question. OAuth 2.0 allows plain http for loopback redirects (RFC 8252 §7.3).
    throw new CliError(
      '--https is not supported by Tessera\'s example client. Run it without --https: a redirect URI on http://127.0.0.1 is allowed for local clients, or put a TLS proxy in front and pass --redirect.',
    );
  }
  const serverLocation = `http://127.0.0.1:${flags.port}/`;
  const options = command.optsWithGlobals<ConnectionOptions>();
  const endpoint = options.endpoint || env[ENDPOINT_ENV[style]];
  const needsEndpoint = !flags.authUrl || !flags.tokenUrl;
  if (needsEndpoint && !endpoint) {
    throw new CliError(
      'To execute this command, the endpoint URL must point to the URL where Tessera (or Hydra) serves its public API (port 4444 by default). ' +
        `To set the endpoint URL, use flag \`--endpoint\` or environment variable \`${ENDPOINT_ENV[style]}\`, or give both --auth-url and --token-url.`,
    );
  }
  const authUrl = absoluteUrl('--auth-url', flags.authUrl ?? appendPath(endpoint!, '/oauth2/auth'));
  const tokenUrl = absoluteUrl('--token-url', flags.tokenUrl ?? appendPath(endpoint!, '/oauth2/token'));
  const redirectUrl = absoluteUrl('--redirect', flags.redirect ?? `${serverLocation}callback`);
  // The client authenticates itself; v1's gateway --access-token must not reach the token endpoint.
  const token = resolveConnection(
    { endpoint: tokenUrl, httpHeader: options.httpHeader, skipTlsVerify: options.skipTlsVerify },
    [],
    style,
    env,
  );
  // resolveConnection drops a query string, which a token URL may legitimately carry.
  token.endpoint = new URL(tokenUrl);
  const client = { id: flags.clientId, secret: flags.clientSecret || undefined };
  return { style, port: flags.port, serverLocation, redirectUrl, authUrl, token, client, flags };
}

export function hasSecret(client: FlowSettings['client']): client is ClientCredentials {
  return typeof client.secret === 'string';
}

/** Like Ory's urlx.AppendPaths: the path is added to the endpoint's own path, never replacing it. */
function appendPath(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return url.toString();
}

function absoluteUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`Could not parse ${flag} "${value}": it must be an absolute http:// or https:// URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${flag} "${value}" must use http:// or https://.`);
  return url.toString();
}
