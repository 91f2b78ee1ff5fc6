/** `delete oauth2-client <id...>`: deletes each; prints the IDs deleted and the failures. */
import type { Command } from 'commander';
import { idRow, idTable } from '../output/id-view.js';
import { printRow, printTable } from '../output/printer.js';
import { adminCommand, sessionFor, reportPartialFailure } from './admin-command.js';

export function deleteClientCommand(): Command {
  return adminCommand('oauth2-client', 'Delete one or more OAuth 2.0 Clients by their ID(s)')
    .aliases(['client', 'clients', 'oauth2-clients'])
    .argument('<ids...>', 'client IDs')
    .action(async (ids: string[], _options: unknown, self: Command) => {
      const { admin, format } = sessionFor(self);
      const deleted: string[] = [];
      for (const id of ids) {
        try {
          await admin.deleteClient(id);
          deleted.push(id);
        } catch (error) {
          reportPartialFailure(id, error);
        }
      }
      if (deleted.length === 1) printRow(idRow(deleted[0]!), format);
      else if (deleted.length > 1) printTable(idTable(deleted), format);
    });
}
