/**
 * The server a token command talks to. Hydra points every command at one `--endpoint`, whichever
 * API it calls: in v2 `perform client-credentials` and `revoke token` take the public URL
 * (port 4444) and `introspect token` and `delete access-tokens` the admin URL (4445), all through
 * `-e` or ORY_SDK_URL. v1 read HYDRA_URL for the public commands and HYDRA_ADMIN_URL, then
 * HYDRA_URL, for introspection (cmd/token_*.go and cmd/cli/handler.go of v1.11).
 */
import type { Command } from 'commander';
import { CliError } from '../fail.js';
import type { ErrorStyle } from '../http/api-error.js';
import { ADMIN_ENDPOINT_ENV, resolveConnection, type Connection, type ConnectionOptions } from '../http/connection.js';
import { TokenApi } from '../token-api.js';
import { adminTokenFromEnv } from '../http/admin-token.js';

export type Surface = 'public' | 'admin';

export interface TokenTarget {
  surface: Surface;
  envNames: readonly string[];
  style: ErrorStyle;
}

export const V2_PUBLIC: TokenTarget = { surface: 'public', envNames: ['ORY_SDK_URL'], style: 'v2' };
/** Like the other v2 admin commands, which also read HYDRA_ADMIN_URL after ORY_SDK_URL. */
export const V2_ADMIN: TokenTarget = { surface: 'admin', envNames: ADMIN_ENDPOINT_ENV, style: 'v2' };
export const V1_PUBLIC: TokenTarget = { surface: 'public', envNames: ['HYDRA_URL'], style: 'v1' };
/** v1's `token delete` defaulted to HYDRA_URL although it calls the admin API; the admin variable is read first. */
export const V1_ADMIN: TokenTarget = { surface: 'admin', envNames: ['HYDRA_ADMIN_URL', 'HYDRA_URL'], style: 'v1' };

const PORTS: Record<Surface, string> = { public: 'public API (port 4444 by default)', admin: 'admin API (port 4445 by default)' };

export function tokenApi(command: Command, target: TokenTarget, env: NodeJS.ProcessEnv = process.env): TokenApi {
  return new TokenApi(tokenConnection(command, target, env));
}

/** The connection of a token command (tokenApi's), for the commands that speak more than TokenApi does. */
export function tokenConnection(command: Command, target: TokenTarget, env: NodeJS.ProcessEnv = process.env): Connection {
  const options = { ...command.optsWithGlobals<ConnectionOptions>() };
  if (!options.endpoint && !target.envNames.some((name) => env[name])) {
    throw new CliError(
      `To execute this command, the endpoint URL must point to the URL where Tessera (or Hydra) serves its ${PORTS[target.surface]}. ` +
        `To set the endpoint URL, use flag \`--endpoint\` or environment variable ${target.envNames.map((n) => `\`${n}\``).join(' or ')}.`,
    );
  }
  // A client authenticates itself at the public API (RFC 6749 §2.3); v1's --access-token is a
  // gateway credential for the admin API and must not travel to the token endpoint.
  if (target.surface === 'public') delete options.accessToken;
  else options.adminToken = adminTokenFromEnv(env);
  return resolveConnection(options, target.envNames, target.style, env);
}
