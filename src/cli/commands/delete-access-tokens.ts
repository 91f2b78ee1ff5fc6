/**
 * `delete access-tokens <client-id>`: removes every access token of one client through the admin
 * API's DELETE /admin/oauth2/tokens?client_id= (cmd/cmd_delete_tokens.go); prints the client ID.
 */
import type { Command } from 'commander';
import { tokenApi, V2_ADMIN } from '../flags/token-connection.js';
import { outputFormat } from '../output/format.js';
import { idRow } from '../output/id-view.js';
import { printRow } from '../output/printer.js';
import { adminCommand } from './admin-command.js';

export function deleteAccessTokensCommand(): Command {
  return adminCommand('access-tokens', 'Delete all OAuth2 Access Tokens of an OAuth2 Client')
    .argument('<client-id>', 'the client whose access tokens are deleted')
    .action(async (clientId: string, _flags: unknown, self: Command) => {
      const format = outputFormat(self);
      await tokenApi(self, V2_ADMIN).deleteAccessTokens(clientId);
      printRow(idRow(clientId), format);
    });
}
