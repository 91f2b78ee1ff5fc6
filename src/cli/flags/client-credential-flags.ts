/**
 * `--client-id` and `--client-secret` of the token commands, defaulting to OAUTH2_CLIENT_ID and
 * OAUTH2_CLIENT_SECRET as in Hydra (cmd_perform_client_credentials.go, cmd_revoke_token.go and
 * v1's cmd/token_*.go read them as the flags' defaults).
 */
import { Option, type Command } from 'commander';
import { CliError } from '../fail.js';
import type { ClientCredentials } from '../http/basic-auth.js';

export function addClientCredentialOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--client-id <id>', 'Use the provided OAuth 2.0 Client ID').env(
        'OAUTH2_CLIENT_ID',
      ),
    )
    .addOption(
      new Option(
        '--client-secret <secret>',
        'Use the provided OAuth 2.0 Client Secret',
      ).env('OAUTH2_CLIENT_SECRET'),
    );
}

/** v1 `token introspect` still took both flags, but they "have no effect" (v1.8 to v1.11). */
export function addIgnoredClientCredentialOptions(command: Command): Command {
  return command
    .addOption(new Option('--client-id <id>', 'Deprecated and without effect: introspection needs no client credentials'))
    .addOption(new Option('--client-secret <secret>', 'Deprecated and without effect: introspection needs no client credentials'));
}

export function requireClientCredentials(command: Command): ClientCredentials {
  const { clientId, clientSecret } = command.opts<{ clientId?: string; clientSecret?: string }>();
  if (!clientId || !clientSecret) {
    throw new CliError(
      'Please provide a Client ID and Client Secret using flags --client-id and --client-secret, or environment variables OAUTH2_CLIENT_ID and OAUTH2_CLIENT_SECRET.',
    );
  }
  return { id: clientId, secret: clientSecret };
}
