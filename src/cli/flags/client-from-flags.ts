/**
 * Turns the client flags into the admin API's client JSON: the whole client for a create (as
 * Hydra's clientFromFlags), or just the fields whose flags were given for an update (as Hydra's
 * clientPatchFromFlags). Empty strings are left out of a create: Hydra treats them as unset.
 */
import type { Command } from 'commander';
import type { OAuth2Client } from '../admin-client.js';
import { CliError } from '../fail.js';
import { parseJsonInput, readInput } from '../input/read-input.js';
import { CLIENT_FLAGS, type ClientFlag } from './client-flags.js';

function fieldValue(f: ClientFlag, raw: unknown): unknown {
  switch (f.kind) {
    case 'scope':
      return (raw as string[]).join(' ');
    case 'json':
      try {
        return JSON.parse(String(raw));
      } catch {
        throw new CliError(`The value of --${f.flags.split('--')[1]!.split(' ')[0]} is not valid JSON.`);
      }
    default:
      return raw;
  }
}

export function refuseEncryption(command: Command): void {
  const { pgpKey, pgpKeyUrl, keybase } = command.opts();
  if (pgpKey || pgpKeyUrl || keybase) {
    throw new CliError('Encrypting the client secret with --pgp-key, --pgp-key-url or --keybase is not supported by Tessera.');
  }
}

/** The client described by `--file`, or undefined when the flags describe it. */
export async function clientFromFile(command: Command): Promise<OAuth2Client | undefined> {
  const file = command.opts<{ file?: string }>().file;
  if (!file) return undefined;
  const parsed = parseJsonInput(await readInput(file), file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError(`${file === '-' ? 'STDIN' : file} must hold one client as a JSON object.`);
  }
  return parsed as OAuth2Client;
}

export function clientFromFlags(command: Command, table: readonly ClientFlag[] = CLIENT_FLAGS): OAuth2Client {
  refuseEncryption(command);
  const options = command.opts();
  const client: OAuth2Client = {};
  for (const f of table) {
    if (options[f.key] === undefined || options[f.key] === '') continue;
    client[f.field] = fieldValue(f, options[f.key]);
  }
  return client;
}

/** The fields of the flags given on the command line, to lay over the stored client. */
export function changedFields(command: Command, exclude: readonly string[] = []): OAuth2Client {
  refuseEncryption(command);
  const options = command.opts();
  const changes: OAuth2Client = {};
  for (const f of CLIENT_FLAGS) {
    if (exclude.includes(f.field) || command.getOptionValueSource(f.key) !== 'cli') continue;
    changes[f.field] = fieldValue(f, options[f.key]);
  }
  return changes;
}
