/**
 * v1 `clients get <id>`, `clients list` and `clients delete <id...>`. get and list print JSON
 * indented with tabs as v1 did; list's `--limit`/`--page` walk the v2 API's keyset pages.
 */
import type { Command } from 'commander';
import type { OAuth2Client } from '../admin-client.js';
import { intOption } from '../flags/option-kinds.js';
import { printV1Json, v1Admin, v1Command } from './v1-group.js';

export function v1GetClientCommand(): Command {
  return v1Command('get', 'Get an OAuth 2.0 Client')
    .argument('<id>', 'the client ID')
    .action(async (id: string, _options: unknown, self: Command) => {
      printV1Json(await v1Admin(self).getClient(id));
    });
}

export function v1ListClientsCommand(): Command {
  return v1Command('list', 'List OAuth 2.0 Clients')
    .addOption(intOption('--limit <n>', 'The maximum amount of clients returned', 20))
    .addOption(intOption('--page <n>', 'The number of the page', 1))
    .action(async (options: { limit: number; page: number }, self: Command) => {
      const admin = v1Admin(self);
      let clients: OAuth2Client[] = [];
      let token = '';
      // Page N of v1's offset pagination is the N-th page of the keyset pagination.
      for (let page = 1; page <= options.page; page++) {
        const result = await admin.listClients(options.limit, token);
        clients = result.clients;
        token = result.nextPageToken;
        if (token === '' && page < options.page) {
          clients = [];
          break;
        }
      }
      printV1Json(clients);
    });
}

export function v1DeleteClientCommand(): Command {
  return v1Command('delete', 'Delete one or more OAuth 2.0 Clients by their ID(s)')
    .argument('<ids...>', 'client IDs')
    .action(async (ids: string[], _options: unknown, self: Command) => {
      const admin = v1Admin(self);
      for (const id of ids) await admin.deleteClient(id);
      process.stdout.write('OAuth 2.0 Client(s) deleted\n');
    });
}
