/**
 * `perform device-code`: the OAuth 2.0 Device Authorization Grant (RFC 8628) as an example device,
 * as Hydra's cmd/cmd_perform_device_flow.go: asks the public API named by `-e`/ORY_SDK_URL for a
 * device code, prints where to go (and, beyond Hydra, the code to type there) on stderr, polls
 * until the user has logged in and consented, and prints the token as `perform client-credentials`
 * does (table by default, or `--format json`). Flags as Hydra's: --client-id and --client-secret
 * (or OAUTH2_CLIENT_ID/_SECRET; the secret is optional, for a public client), --scope (default
 * offline,openid), --audience, --device-auth-url, --token-url. Hydra's --port, which serves a
 * throw-away verification page, is not offered: the reference app's /device is that page.
 */
import { Command, Option } from 'commander';
import { CliError } from '../fail.js';
import { addConnectionOptions } from '../flags/connection-options.js';
import { listOption } from '../flags/option-kinds.js';
import { tokenConnection, V2_PUBLIC } from '../flags/token-connection.js';
import { addFormatOptions, outputFormat } from '../output/format.js';
import { printRow } from '../output/printer.js';
import { tokenRow } from '../output/token-view.js';
import { DeviceCodeClient } from '../device-code.js';

interface Flags {
  clientId?: string;
  clientSecret?: string;
  scope: string[];
  audience?: string[];
  deviceAuthUrl?: string;
  tokenUrl?: string;
}

export function performDeviceCodeCommand(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Command {
  const command = new Command('device-code')
    .description('Example OAuth 2.0 Client performing the OAuth 2.0 Device Code Flow')
    .addHelpText('after', [
      '',
      'Performs the device code flow. Useful for getting an access token and an ID token in machines without a browser.',
      'The client that will be used MUST use the "none" or "client_secret_post" token-endpoint-auth-method.',
      '',
      'Example:',
      '  $ hydra perform device-code -e http://127.0.0.1:4444 --client-id ...',
    ].join('\n'));
  addConnectionOptions(command, V2_PUBLIC.envNames);
  addFormatOptions(command);
  command
    .addOption(new Option('--client-id <id>', 'Use the provided OAuth 2.0 Client ID, defaults to environment variable OAUTH2_CLIENT_ID').env('OAUTH2_CLIENT_ID'))
    .addOption(new Option('--client-secret <secret>', 'Use the provided OAuth 2.0 Client Secret, defaults to environment variable OAUTH2_CLIENT_SECRET').env('OAUTH2_CLIENT_SECRET'))
    .addOption(listOption('--scope <scopes>', 'Request OAuth2 scope', ['offline', 'openid']))
    .addOption(listOption('--audience <audiences>', 'Request a specific OAuth 2.0 Access Token Audience'))
    .addOption(new Option('--device-auth-url <url>', 'Usually it is enough to specify the `endpoint` flag, but if you want to force the device authorization url, use this flag'))
    .addOption(new Option('--token-url <url>', 'Usually it is enough to specify the `endpoint` flag, but if you want to force the token url, use this flag'));
  return command.action(async (flags: Flags, self: Command) => {
    const format = outputFormat(self);
    if (!flags.clientId) {
      throw new CliError('Please provide a Client ID using --client-id flag, or OAUTH2_CLIENT_ID environment variable.');
    }
    const client = new DeviceCodeClient(tokenConnection(self, V2_PUBLIC), { deviceAuthUrl: flags.deviceAuthUrl, tokenUrl: flags.tokenUrl });
    const request = { clientId: flags.clientId, clientSecret: flags.clientSecret, scope: flags.scope, audience: flags.audience ?? [] };
    const device = await client.authorize(request);
    log(`To login please go to:\n\t ${device.verification_uri_complete ?? device.verification_uri}`);
    log(`or open ${device.verification_uri} and enter the code ${device.user_code}`);
    const token = await client.poll(request, device);
    log('Successfully signed in!');
    printRow(tokenRow(token, Date.now()), format);
  });
}
