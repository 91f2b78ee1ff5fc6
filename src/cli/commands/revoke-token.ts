/**
 * `revoke token <token>`: RFC 7009 revocation at the public API named by `-e`/ORY_SDK_URL, the
 * client authenticating with HTTP Basic (cmd/cmd_revoke_token.go). Prints the token revoked, as
 * Hydra's cmdx.OutputIder does. An unknown token is no error (RFC 7009 §2.2).
 */
import { Command } from 'commander';
import { addClientCredentialOptions, requireClientCredentials } from '../flags/client-credential-flags.js';
import { addConnectionOptions } from '../flags/connection-options.js';
import { tokenApi, V2_PUBLIC } from '../flags/token-connection.js';
import { addFormatOptions, outputFormat } from '../output/format.js';
import { idRow } from '../output/id-view.js';
import { printRow } from '../output/printer.js';

export function revokeTokenCommand(): Command {
  const command = new Command('token').description('Revoke an access or refresh token').argument('<token>', 'the token to revoke');
  addConnectionOptions(command, V2_PUBLIC.envNames);
  addFormatOptions(command);
  addClientCredentialOptions(command);
  return command.action(async (token: string, _flags: unknown, self: Command) => {
    const format = outputFormat(self);
    const credentials = requireClientCredentials(self);
    await tokenApi(self, V2_PUBLIC).revoke(token, credentials);
    printRow(idRow(token), format);
  });
}
