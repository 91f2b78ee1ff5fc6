/** `get oauth2-client <id...>`: one client prints as a row, several as a table. */
import type { Command } from 'commander';
import type { OAuth2Client } from '../admin-client.js';
import { clientRow, clientTable } from '../output/client-view.js';
import { printRow, printTable } from '../output/printer.js';
import { adminCommand, sessionFor } from './admin-command.js';

export function getClientCommand(): Command {
  return adminCommand('oauth2-client', 'Get one or more OAuth 2.0 Clients by their ID(s)')
    .aliases(['client', 'clients', 'oauth2-clients'])
    .argument('<ids...>', 'client IDs')
    .addHelpText('after', `\nExample:\n  $ hydra get oauth2-client <your-client-id> --format json | jq -r '.client_name'`)
    .action(async (ids: string[], _options: unknown, self: Command) => {
      const { admin, format } = sessionFor(self);
      const clients: OAuth2Client[] = [];
      for (const id of ids) clients.push(await admin.getClient(id));
      if (clients.length === 1) printRow(clientRow(clients[0]!), format);
      else printTable(clientTable(clients), format);
    });
}
