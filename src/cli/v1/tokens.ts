/**
 * v1 `token introspect|revoke|delete|flush`, with v1.11's flags and messages (cmd/token_*.go,
 * cmd/cli/handler_token.go, cmd/cli/handler_introspection.go):
 *   token introspect <token> --endpoint <admin URL> [--scope]: the RFC 7662 answer as JSON
 *     indented with tabs; --client-id and --client-secret are accepted but have no effect;
 *   token revoke <token> --client-id --client-secret --endpoint <public URL>;
 *   token delete --client-id <id> --endpoint <admin URL>.
 */
import { Option, type Command } from 'commander';
import {
  addClientCredentialOptions,
  addIgnoredClientCredentialOptions,
  requireClientCredentials,
} from '../flags/client-credential-flags.js';
import { listOption } from '../flags/option-kinds.js';
import { tokenApi, V1_ADMIN, V1_PUBLIC } from '../flags/token-connection.js';
import { CliError } from '../fail.js';
import { orderedIntrospection } from '../output/token-view.js';
import { printV1Json, v1Command } from './v1-group.js';

const ADMIN_ENDPOINT_HELP = '\nThis command calls the admin API: --endpoint, or else HYDRA_ADMIN_URL, then HYDRA_URL.';

export function v1IntrospectTokenCommand(): Command {
  const command = v1Command('introspect', 'Introspect an access or refresh token')
    .argument('<token>', 'the token')
    .addHelpText('after', ADMIN_ENDPOINT_HELP);
  command.addOption(listOption('--scope <scopes>', 'Additionally check if scope was granted'));
  addIgnoredClientCredentialOptions(command);
  return command.action(async (token: string, flags: { scope?: string[]; clientId?: string; clientSecret?: string }, self: Command) => {
    if (flags.clientId || flags.clientSecret) {
      process.stderr.write('Flags --client-id and --client-secret are deprecated and have no longer any effect.\n');
    }
    const result = await tokenApi(self, V1_ADMIN).introspect(token, flags.scope ?? []);
    printV1Json(orderedIntrospection(result, 'v1'));
  });
}

export function v1RevokeTokenCommand(): Command {
  const command = v1Command('revoke', 'Revoke an access or refresh token').argument('<token>', 'the token');
  addClientCredentialOptions(command);
  return command.action(async (token: string, _flags: unknown, self: Command) => {
    await tokenApi(self, V1_PUBLIC).revoke(token, requireClientCredentials(self));
    process.stdout.write(`Revoked OAuth 2.0 Access Token: ${token}\n`);
  });
}

export function v1DeleteTokensCommand(): Command {
  return v1Command('delete', 'Deletes access tokens of a client')
    .addHelpText('after', ADMIN_ENDPOINT_HELP)
    .addOption(
      new Option('--client-id <id>', 'Use the provided OAuth 2.0 Client ID').env(
        'OAUTH2_CLIENT_ID',
      ),
    )
    .action(async (flags: { clientId?: string }, self: Command) => {
      if (!flags.clientId) {
        throw new CliError('Please provide a Client ID using flags --client-id, or environment variables OAUTH2_CLIENT_ID');
      }
      await tokenApi(self, V1_ADMIN).deleteAccessTokens(flags.clientId);
      process.stdout.write(`Successfully deleted access tokens for client ${flags.clientId}\n`);
    });
}

/** v1 flushed through an admin endpoint that Hydra v2 removed; the janitor does this job now. */
export function v1FlushTokensCommand(): Command {
  return v1Command('flush', 'Removes inactive access tokens from the database (use `janitor --tokens` instead)')
    .option('--min-age <duration>', 'Skip removing tokens which do not satisfy the minimum age')
    .action(() => {
      throw new CliError(
        'token flush called an admin endpoint (POST /oauth2/flush) that Hydra v2 removed and Tessera does not serve. ' +
          'Run `janitor --tokens [--keep-if-younger <duration>] <dsn>` (or `janitor -e --tokens` with DSN set) instead.',
      );
    });
}
