/**
 * `import jwk <set> [file...]`: adds keys to a set (creating it if needed) with
 * PUT /admin/keys/{set}/{kid}. Files hold a JWK, a JWK Set, or PEM/DER data; none (or `-`) reads
 * STDIN. A key without `kid` gets a random one; without `alg` or `use`, the flags supply them.
 */
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { JsonWebKey } from '../admin-client.js';
import { CliError } from '../fail.js';
import { keysFromFile } from '../input/key-file.js';
import { readInput } from '../input/read-input.js';
import { inSet, jwkTable } from '../output/jwk-view.js';
import { printTable } from '../output/printer.js';
import { adminCommand, sessionFor, reportPartialFailure } from './admin-command.js';

export function completeKey(key: JsonWebKey, source: string, flags: { alg?: string; use?: string }): JsonWebKey {
  const completed: JsonWebKey = { ...key, kid: key.kid || randomUUID() };
  completed.alg = key.alg || flags.alg || undefined;
  if (!completed.alg) throw new CliError(`Flag \`--alg\` is required when the key in ${source} does not define the \`alg\` field itself.`);
  completed.use = key.use || flags.use || undefined;
  if (!completed.use) throw new CliError(`Flag \`--use\` is required when the key in ${source} does not define the \`use\` field itself.`);
  return completed;
}

export function importJwkCommand(): Command {
  return adminCommand('jwk', 'Import JSON Web Keys from one or more files or STDIN')
    .alias('jwks')
    .argument('<set>', 'the key set ID')
    .argument('[files...]', 'JWK, JWK Set, PEM or DER files; - or none reads STDIN')
    .addOption(new Option('--use <use>', 'The "use" of keys that define none. Required for PEM/DER data').default('sig'))
    .addOption(new Option('--alg <alg>', 'The "alg" of keys that define none. Required for PEM/DER data'))
    .addHelpText('after', '\nExamples:\n  $ hydra import jwk my-set ./jwk.json ./jwk-2.json --format json\n  $ hydra import jwk my-set ./rsa.key ./rsa.pub --use enc --alg RSA-OAEP')
    .action(async (set: string, files: string[], options: { alg?: string; use?: string }, self: Command) => {
      const { admin, format } = sessionFor(self);
      const sources = files.length > 0 ? files : ['-'];
      const batches: Array<{ source: string; keys: JsonWebKey[] }> = [];
      for (const source of sources) {
        const name = source === '-' ? 'STDIN' : source;
        const keys = keysFromFile(await readInput(source), name).map((key) => completeKey(key, name, options));
        batches.push({ source: name, keys });
      }
      const imported: JsonWebKey[] = [];
      for (const { source, keys } of batches) {
        for (const key of keys) {
          try {
            imported.push(await admin.setKey(set, key.kid!, key));
          } catch (error) {
            reportPartialFailure(source, error);
          }
        }
      }
      printTable(jwkTable(inSet(set, imported), set), format);
    });
}
