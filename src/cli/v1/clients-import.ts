/**
 * v1 `clients import <file...>`: each file holds one client (an array is accepted too). A secret
 * the server generated is printed once, after the client ID, as v1 did.
 */
import type { Command } from 'commander';
import { readClients } from '../commands/import-client.js';
import { addEncryptionOptions } from '../flags/client-flags.js';
import { refuseEncryption } from '../flags/client-from-flags.js';
import { v1Admin, v1Command } from './v1-group.js';

export function v1ImportClientsCommand(): Command {
  const command = v1Command('import', 'Import OAuth 2.0 Clients from one or more JSON files').argument(
    '<files...>',
    'JSON files, each holding a client',
  );
  addEncryptionOptions(command);
  return command.action(async (files: string[], _options: unknown, self: Command) => {
    refuseEncryption(self);
    const admin = v1Admin(self);
    for (const file of files) {
      for (const client of await readClients(file)) {
        const result = await admin.createClient(client);
        const generated = !client.client_secret && result.client_secret;
        const id = String(result.client_id ?? '');
        process.stdout.write(
          generated ? `Imported OAuth 2.0 Client ${id}:${String(result.client_secret)} from: ${file}\n` : `Imported OAuth 2.0 Client ${id} from: ${file}\n`,
        );
      }
    }
  });
}
