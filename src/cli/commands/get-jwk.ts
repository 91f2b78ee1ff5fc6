/** `get jwk <set...>`: the keys of one or more sets; a single key prints as a row. */
import type { Command } from 'commander';
import { onlyPublicKeys } from '../input/public-keys.js';
import { inSet, jwkRow, jwkTable, type SetKey } from '../output/jwk-view.js';
import { printRow, printTable } from '../output/printer.js';
import { adminCommand, sessionFor } from './admin-command.js';

export function getJwkCommand(): Command {
  return adminCommand('jwk', 'Get one or more JSON Web Key Sets by their ID(s)')
    .alias('jwks')
    .argument('<sets...>', 'key set IDs')
    .option('--public', 'Only return public keys')
    .addHelpText('after', "\nExample:\n  $ hydra get jwk <set-id> --format json | jq -r '.keys[].use'")
    .action(async (sets: string[], options: { public?: boolean }, self: Command) => {
      const { admin, format } = sessionFor(self);
      const keys: SetKey[] = [];
      for (const set of sets) {
        const found = (await admin.getKeySet(set)).keys;
        keys.push(...inSet(set, options.public ? onlyPublicKeys(found) : found));
      }
      if (keys.length === 1) printRow(jwkRow(keys[0]!), format);
      else if (keys.length > 1) printTable(jwkTable(keys, sets.length === 1 ? sets[0] : undefined), format);
    });
}
