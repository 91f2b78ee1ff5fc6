/**
 * v1 `token user`, the command of the seed guide's "Perform OAuth2 Authorize Code Flow":
 *
 *   $ hydra token user --port 9010 --auth-url http://127.0.0.1:9000/oauth2/auth \
 *       --token-url http://hydra:4444/oauth2/token --client-id another-consumer \
 *       --client-secret consumer-secret --scope openid,offline --redirect http://127.0.0.1:9010/callback
 *
 * The same example client as v2 `perform authorization-code`, with v1.11's cmd/token_user.go
 * flags (no --skip, --response-mode or --state; --max-age defaults to 0) and v1's output: every
 * line on stdout, the tokens as labelled, tab-indented lines. The endpoint comes from the group's
 * `--endpoint` or HYDRA_URL. The v0.9 spellings `--id`, `--secret` and `--scopes` are accepted,
 * hidden, so that the oldest guides still run.
 */
import { Option, type Command } from 'commander';
import { runExampleClient } from '../auth-code/example-client.js';
import { addFlowOptions, type FlowFlags } from '../auth-code/flow-options.js';
import { listOption } from '../flags/option-kinds.js';
import { flowSettings } from '../auth-code/flow-settings.js';
import { printV1Token } from '../auth-code/token-report.js';
import { v1Command } from './v1-group.js';

interface V1Flags extends FlowFlags {
  id?: string;
  secret?: string;
  scopes?: string[];
}

export function v1TokenUserCommand(): Command {
  const command = v1Command('user', 'An exemplary OAuth 2.0 Client performing the OAuth 2.0 Authorize Code Flow').addHelpText(
    'after',
    `
Starts an exemplary web server that acts as an OAuth 2.0 Client performing the Authorize Code Flow.
This command will help you to see if Tessera (or Ory Hydra) has been configured properly.

This command must not be used for anything else than manual testing or demo purposes. The server
will terminate on error and success, unless the --no-shutdown flag is provided. The exit code is 0
when the flow ended with tokens and 1 when it ended with an error.`,
  );
  addFlowOptions(command, 'v1')
    .addOption(new Option('--id <id>', 'Hydra v0.9 spelling of --client-id').hideHelp())
    .addOption(new Option('--secret <secret>', 'Hydra v0.9 spelling of --client-secret').hideHelp())
    .addOption(listOption('--scopes <scopes>', 'Hydra v0.9 spelling of --scope').hideHelp());
  return command.action(async ({ id, secret, scopes, ...flags }: V1Flags, self: Command) => {
    if (id) flags.clientId = id;
    if (secret) flags.clientSecret = secret;
    if (scopes) flags.scope = scopes;
    const settings = flowSettings(self, flags, 'v1');
    const succeeded = await runExampleClient(settings, {
      log: (line) => process.stdout.write(`${line}\n`),
      printToken: printV1Token,
    });
    if (!succeeded) process.exitCode = 1;
  });
}
