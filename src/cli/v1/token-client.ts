/**
 * v1 `token client`: the Client Credentials grant (RFC 6749 §4.4) against the public URL from
 * `--endpoint` or HYDRA_URL, printing the access token alone on one line, as the guides show:
 *
 *   $ hydra token client --client-id some-consumer --client-secret some-secret --endpoint http://hydra:4444
 *   ory_at_ZcE0YWqnxemENLyJrjjlAHlFkdwaHB6TzkSi0c289HI.GQmXJsAYcw5de97S6mqOL0yB2UyFEf4DiXEM05vdfdY
 *
 * Flags as v1.11's cmd/token_client.go; `-v` prints the whole token response instead.
 */
import { Option, type Command } from 'commander';
import { addClientCredentialOptions, requireClientCredentials } from '../flags/client-credential-flags.js';
import { listOption } from '../flags/option-kinds.js';
import { tokenApi, V1_PUBLIC } from '../flags/token-connection.js';
import { printV1Json, v1Command } from './v1-group.js';

interface Flags {
  scope?: string[];
  audience?: string[];
  verbose?: boolean;
}

export function v1TokenClientCommand(): Command {
  const command = v1Command('client', 'An exemplary OAuth 2.0 Client performing the OAuth 2.0 Client Credentials Flow');
  addClientCredentialOptions(command)
    .addOption(listOption('--scope <scopes>', 'OAuth2 scope to request'))
    .addOption(listOption('--audience <audiences>', 'Request a specific OAuth 2.0 Access Token Audience'))
    .addOption(new Option('-v, --verbose', 'Toggle verbose output mode'));
  return command.action(async (flags: Flags, self: Command) => {
    const credentials = requireClientCredentials(self);
    const token = await tokenApi(self, V1_PUBLIC).clientCredentials(credentials, flags.scope ?? [], flags.audience ?? []);
    if (flags.verbose) printV1Json(token);
    else process.stdout.write(`${token.access_token}\n`);
  });
}
