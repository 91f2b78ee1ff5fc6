/**
 * `perform authorization-code`: Hydra v2's example OAuth 2.0 client. It serves a welcome page on
 * http://127.0.0.1:<port>/ whose "Authorize application" link starts the authorization code flow
 * (with PKCE) at the public API named by `-e`/ORY_SDK_URL, receives the callback, exchanges the
 * code and prints the token as the other v2 token commands do (table, or `--format json`).
 * Progress lines go to stderr, as in Hydra v2, so that stdout holds only the token.
 */
import { Command } from 'commander';
import { addConnectionOptions } from '../flags/connection-options.js';
import { addFormatOptions, outputFormat } from '../output/format.js';
import { runExampleClient } from '../auth-code/example-client.js';
import { addFlowOptions, type FlowFlags } from '../auth-code/flow-options.js';
import { flowSettings } from '../auth-code/flow-settings.js';
import { printV2Token } from '../auth-code/token-report.js';

export function performAuthorizationCodeCommand(): Command {
  const command = new Command('authorization-code')
    .description('Example OAuth 2.0 Client performing the OAuth 2.0 Authorize Code Flow')
    .addHelpText(
      'after',
      `
Starts an example web server that acts as an OAuth 2.0 Client performing the Authorize Code Flow.
This command will help you to see if Tessera (or Ory Hydra) has been configured properly.

This command must not be used for anything else than manual testing or demo purposes. The server
will terminate on error and success, unless the --no-shutdown flag is provided. The exit code is 0
when the flow ended with tokens and 1 when it ended with an error.

--skip is accepted for compatibility; Tessera's example client serves no login or consent UI of
its own, so there is nothing to skip: use a login and consent app (apps/login-consent).

Example:
  $ hydra perform authorization-code -e http://127.0.0.1:4444 --client-id ... --client-secret ...`,
    );
  addConnectionOptions(command, ['ORY_SDK_URL']);
  addFormatOptions(command);
  addFlowOptions(command, 'v2');
  return command.action(async (flags: FlowFlags, self: Command) => {
    const format = outputFormat(self);
    const settings = flowSettings(self, flags, 'v2');
    const succeeded = await runExampleClient(settings, {
      log: (line) => process.stderr.write(`${line}\n`),
      printToken: (exchanged) => printV2Token(exchanged, format),
    });
    if (!succeeded) process.exitCode = 1;
  });
}
