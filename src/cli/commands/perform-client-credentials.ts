/**
 * `perform client-credentials`: the OAuth 2.0 Client Credentials grant (RFC 6749 §4.4) against
 * the public API named by `-e`/ORY_SDK_URL, printing the token as Hydra does (table by default,
 * or `--format json`). Flags as cmd/cmd_perform_client_credentials.go: --client-id,
 * --client-secret (or OAUTH2_CLIENT_ID/_SECRET), --scope and --audience (comma-separated, repeatable).
 */
import { Command } from 'commander';
import { addClientCredentialOptions, requireClientCredentials } from '../flags/client-credential-flags.js';
import { addConnectionOptions } from '../flags/connection-options.js';
import { listOption } from '../flags/option-kinds.js';
import { tokenApi, V2_PUBLIC } from '../flags/token-connection.js';
import { addFormatOptions, outputFormat } from '../output/format.js';
import { printRow } from '../output/printer.js';
import { tokenRow } from '../output/token-view.js';

interface Flags {
  scope?: string[];
  audience?: string[];
}

export function performClientCredentialsCommand(): Command {
  const command = new Command('client-credentials')
    .description('Perform the OAuth2 Client Credentials Flow: exchange a client ID and secret for an access token')
    .addHelpText('after', '\nExample:\n  $ hydra perform client-credentials -e http://127.0.0.1:4444 --client-id ... --client-secret ...');
  addConnectionOptions(command, V2_PUBLIC.envNames);
  addFormatOptions(command);
  addClientCredentialOptions(command)
    .addOption(listOption('--scope <scopes>', 'OAuth2 scope to request'))
    .addOption(listOption('--audience <audiences>', 'Request a specific OAuth 2.0 Access Token Audience'));
  return command.action(async (flags: Flags, self: Command) => {
    const format = outputFormat(self);
    const credentials = requireClientCredentials(self);
    const api = tokenApi(self, V2_PUBLIC);
    const token = await api.clientCredentials(credentials, flags.scope ?? [], flags.audience ?? []);
    printRow(tokenRow(token, Date.now()), format);
  });
}
