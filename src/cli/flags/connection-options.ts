/**
 * The flags that say which server a management command talks to. v2 puts them on each command,
 * as Hydra does; v1 put them on the `clients` and `keys` groups, which commander also honours
 * after the subcommand (`hydra clients create --endpoint ...`).
 */
import { Option, type Command } from 'commander';
import { AdminClient } from '../admin-client.js';
import { resolveConnection, type ConnectionOptions } from '../http/connection.js';
import { adminTokenFromEnv } from '../http/admin-token.js';
import type { ErrorStyle } from '../http/api-error.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addConnectionOptions(command: Command, envNames: readonly string[]): Command {
  return command
    .addOption(
      new Option('-e, --endpoint <url>', `The API URL this command should target. Alternatively set ${envNames.join(' or ')}`),
    )
    .addOption(
      new Option('-H, --http-header <header>', "An additional HTTP header, `-H 'Authorization: bearer some-token'`; may repeat")
        .default([], 'none')
        .argParser(collect),
    );
}

/** The v1 group flags beyond the endpoint: a proxy's TLS termination and a gateway's token. */
export function addV1ConnectionOptions(command: Command, envNames: readonly string[]): Command {
  return addConnectionOptions(command, envNames)
    .addOption(new Option('--fake-tls-termination', 'Fake TLS termination by adding "X-Forwarded-Proto: https" to HTTP headers'))
    .addOption(
      new Option('--access-token <token>', 'An access token for the Authorization header of each request').env('OAUTH2_ACCESS_TOKEN'),
    );
}

/** The admin API client for a command, from its own flags and those of its parents. */
export function adminClient(command: Command, envNames: readonly string[], style: ErrorStyle): AdminClient {
  const options = { ...command.optsWithGlobals<ConnectionOptions>(), adminToken: adminTokenFromEnv() };
  return new AdminClient(resolveConnection(options, envNames, style));
}
