/**
 * `list oauth2-clients`: one page of clients; the token of the next page is printed below the
 * table (or as `next_page_token` in JSON) to be passed back with `--page-token`.
 */
import { Option, type Command } from 'commander';
import { intOption } from '../flags/option-kinds.js';
import { clientPage } from '../output/client-view.js';
import { printTable } from '../output/printer.js';
import { adminCommand, sessionFor } from './admin-command.js';

export function listClientsCommand(): Command {
  return adminCommand('oauth2-clients', 'List OAuth 2.0 Clients')
    .alias('clients')
    .addOption(intOption('--page-size <n>', 'maximum number of items to return', 100))
    .addOption(new Option('--page-token <token>', 'page token acquired from a previous response').default(''))
    .addHelpText('after', '\nExample:\n  $ hydra list oauth2-clients --page-token eyJwYWdlIjoxfQ --page-size 10')
    .action(async (options: { pageSize: number; pageToken: string }, self: Command) => {
      const { admin, format } = sessionFor(self);
      const page = await admin.listClients(options.pageSize, options.pageToken);
      printTable(clientPage(page.clients, page.nextPageToken), format);
    });
}
