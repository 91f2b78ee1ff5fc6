/**
 * `import oauth2-client <file.json...>`: each file (or `-`, or standard input when no file is
 * given) holds a JSON array of clients, or one client; each is created. Existing clients are not
 * updated: importing one again fails, as in Hydra.
 */
import type { Command } from 'commander';
import type { OAuth2Client } from '../admin-client.js';
import { CliError } from '../fail.js';
import { addEncryptionOptions } from '../flags/client-flags.js';
import { refuseEncryption } from '../flags/client-from-flags.js';
import { parseJsonInput, readInput } from '../input/read-input.js';
import { clientRow, clientTable } from '../output/client-view.js';
import { printRow, printTable } from '../output/printer.js';
import { adminCommand, sessionFor, reportPartialFailure } from './admin-command.js';

export async function readClients(source: string): Promise<OAuth2Client[]> {
  const parsed = parseJsonInput(await readInput(source), source);
  const clients = Array.isArray(parsed) ? parsed : [parsed];
  for (const client of clients) {
    if (client === null || typeof client !== 'object' || Array.isArray(client)) {
      throw new CliError(`${source === '-' ? 'STDIN' : source} must hold a JSON array of clients or one client object.`);
    }
  }
  return clients as OAuth2Client[];
}

export function importClientCommand(): Command {
  const command = adminCommand('oauth2-client', 'Import one or more OAuth 2.0 Clients from files or STDIN')
    .aliases(['client', 'clients', 'oauth2-clients'])
    .argument('[files...]', 'JSON files holding an array of clients; - or none reads STDIN')
    .addHelpText(
      'after',
      `\nExample:\n  $ echo '[{"grant_types":["client_credentials"],"scope":"openid"}]' > file.json\n  $ hydra import oauth2-client file.json`,
    );
  addEncryptionOptions(command);
  return command.action(async (files: string[], _options: unknown, self: Command) => {
    refuseEncryption(self);
    const { admin, format } = sessionFor(self);
    const sources = files.length > 0 ? files : ['-'];
    // Read everything first: a malformed file should stop the import before anything is created.
    const batches = await Promise.all(sources.map(async (source) => ({ source, clients: await readClients(source) })));
    const imported: OAuth2Client[] = [];
    for (const { source, clients } of batches) {
      for (const client of clients) {
        try {
          const created = await admin.createClient(client);
          if (created.client_secret === undefined && typeof client.client_secret === 'string') {
            created.client_secret = client.client_secret;
          }
          imported.push(created);
        } catch (error) {
          reportPartialFailure(source === '-' ? 'STDIN' : source, error);
        }
      }
    }
    if (imported.length === 1) printRow(clientRow(imported[0]!), format);
    else printTable(clientTable(imported), format);
  });
}
