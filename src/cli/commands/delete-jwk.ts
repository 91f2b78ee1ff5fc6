/** `delete jwk <set...>`: deletes whole key sets; prints the set IDs deleted. */
import type { Command } from 'commander';
import { idRow, idTable } from '../output/id-view.js';
import { printRow, printTable } from '../output/printer.js';
import { adminCommand, sessionFor, reportPartialFailure } from './admin-command.js';

export function deleteJwkCommand(): Command {
  return adminCommand('jwk', 'Delete one or more JSON Web Key Sets by their set ID')
    .alias('jwks')
    .argument('<sets...>', 'key set IDs')
    .action(async (sets: string[], _options: unknown, self: Command) => {
      const { admin, format } = sessionFor(self);
      const deleted: string[] = [];
      for (const set of sets) {
        try {
          await admin.deleteKeySet(set);
          deleted.push(set);
        } catch (error) {
          reportPartialFailure(set, error);
        }
      }
      if (deleted.length === 1) printRow(idRow(deleted[0]!), format);
      else if (deleted.length > 1) printTable(idTable(deleted), format);
    });
}
