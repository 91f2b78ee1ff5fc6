/**
 * `introspect token <token>`: RFC 7662 introspection at the admin API named by `-e`/ORY_SDK_URL
 * (Hydra serves it on the admin port and needs no client credentials there). `--scope` asks the
 * server to check that these scopes were granted as well (cmd/cmd_introspect_token.go).
 */
import type { Command } from 'commander';
import { listOption } from '../flags/option-kinds.js';
import { tokenApi, V2_ADMIN } from '../flags/token-connection.js';
import { outputFormat } from '../output/format.js';
import { printRow } from '../output/printer.js';
import { introspectionRow } from '../output/token-view.js';
import { adminCommand } from './admin-command.js';

export function introspectTokenCommand(): Command {
  return adminCommand('token', 'Introspect an OAuth 2.0 Access or Refresh Token')
    .argument('<token>', 'the token to introspect')
    .addOption(listOption('--scope <scopes>', 'Additionally check if the scope was granted'))
    .action(async (token: string, flags: { scope?: string[] }, self: Command) => {
      const format = outputFormat(self);
      const result = await tokenApi(self, V2_ADMIN).introspect(token, flags.scope ?? []);
      printRow(introspectionRow(result), format);
    });
}
