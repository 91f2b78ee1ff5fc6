/**
 * `create oauth2-client` (alias `client`): POST /admin/clients from the flags or `--file`, then
 * print the client with the secret the server generated (or the one given), which is the only
 * time the secret can be seen.
 */
import type { Command } from 'commander';
import { addClientOptions } from '../flags/client-flags.js';
import { clientFromFile, clientFromFlags } from '../flags/client-from-flags.js';
import { clientRow } from '../output/client-view.js';
import { printRow } from '../output/printer.js';
import { adminCommand, sessionFor } from './admin-command.js';

export function createClientCommand(): Command {
  const command = adminCommand('oauth2-client', 'Create an OAuth 2.0 Client')
    .alias('client')
    .addHelpText(
      'after',
      `
Examples:
  $ hydra create oauth2-client --name "my app" --grant-type client_credentials --scope core,foobar
  $ client=$(hydra create oauth2-client --format json ...)
  $ echo "$client" | jq -r '.client_id, .client_secret'`,
    );
  addClientOptions(command);
  return command.action(async (_options: unknown, self: Command) => {
    const { admin, format } = sessionFor(self);
    const body = (await clientFromFile(self)) ?? clientFromFlags(self);
    const client = await admin.createClient(body);
    if (client.client_secret === undefined && typeof body.client_secret === 'string' && body.client_secret !== '') {
      client.client_secret = body.client_secret;
    }
    printRow(clientRow(client), format);
  });
}
