/**
 * `update oauth2-client <id>`. With `--file` the file replaces the client (PUT), as in Hydra.
 * Otherwise only the flags given change: the stored client is read, those fields are laid over
 * it and the updated client is sent back, so every other field keeps its value. The secret is
 * kept unless `--secret` is given, because the admin API keeps it when a PUT carries none.
 */
import type { Command } from 'commander';
import { addClientOptions } from '../flags/client-flags.js';
import { changedFields, clientFromFile } from '../flags/client-from-flags.js';
import { clientRow } from '../output/client-view.js';
import { printRow } from '../output/printer.js';
import { adminCommand, sessionFor } from './admin-command.js';

export function updateClientCommand(): Command {
  const command = adminCommand('oauth2-client', 'Update an OAuth 2.0 Client')
    .alias('client')
    .argument('<id>', 'the client ID')
    .addHelpText(
      'after',
      '\nExample:\n  $ hydra update oauth2-client <client-id> --redirect-uri http://localhost/cb --scope core,foobar',
    );
  addClientOptions(command);
  return command.action(async (id: string, _options: unknown, self: Command) => {
    const { admin, format } = sessionFor(self);
    const file = await clientFromFile(self);
    let sent;
    if (file) {
      sent = { ...file };
    } else {
      const changes = changedFields(self, ['client_id']);
      const { client_secret: _none, ...stored } = await admin.getClient(id);
      sent = { ...stored, ...changes };
    }
    const client = await admin.setClient(id, sent);
    if (client.client_secret === undefined && typeof sent.client_secret === 'string' && sent.client_secret !== '') {
      client.client_secret = sent.client_secret;
    }
    printRow(clientRow(client), format);
  });
}
