/**
 * v1 `keys create|get|delete|import`. create and get print the key set as tab-indented JSON;
 * import adds each key of each file to the set under v1's key IDs (`private:<uuid>` or
 * `public:<uuid>`) when the key has none.
 */
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { JsonWebKey } from '../admin-client.js';
import { keysFromFile } from '../input/key-file.js';
import { readInput } from '../input/read-input.js';
import { printV1Json, v1Admin, v1Command } from './v1-group.js';

export function v1CreateKeysCommand(): Command {
  return v1Command('create', 'Create a new JSON Web Key Set')
    .argument('<set>', 'the key set ID')
    .argument('[kid]', 'the key ID')
    .addOption(new Option('-a, --alg <alg>', 'The algorithm of the generated key: RS256, ES256, ES512, HS256, EdDSA').default('RS256'))
    .addOption(new Option('-u, --use <use>', 'The intended use of this key').default('sig'))
    .action(async (set: string, kid: string | undefined, options: { alg: string; use: string }, self: Command) => {
      printV1Json(await v1Admin(self).createKeySet(set, { alg: options.alg, kid: kid ?? '', use: options.use }));
    });
}

export function v1GetKeysCommand(): Command {
  return v1Command('get', 'Get a JSON Web Key Set')
    .argument('<set>', 'the key set ID')
    .action(async (set: string, _options: unknown, self: Command) => {
      printV1Json(await v1Admin(self).getKeySet(set));
    });
}

export function v1DeleteKeysCommand(): Command {
  return v1Command('delete', 'Delete a JSON Web Key Set')
    .argument('<set>', 'the key set ID')
    .action(async (set: string, _options: unknown, self: Command) => {
      await v1Admin(self).deleteKeySet(set);
      process.stdout.write(`JSON Web Key Set deleted: ${set}\n`);
    });
}

/** v1 stored keys without `alg`; the admin API may want one, so a signing key gets its usual one. */
export function defaultSigningAlg(key: JsonWebKey): string | undefined {
  const curve = key.crv as string | undefined;
  if (key.kty === 'RSA') return 'RS256';
  if (key.kty === 'EC') return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[curve ?? ''];
  if (key.kty === 'OKP' && curve === 'Ed25519') return 'EdDSA';
  if (key.kty === 'oct') return 'HS256';
  return undefined;
}

export function v1ImportKeysCommand(): Command {
  return v1Command('import', 'Import JSON Web Keys from PEM, DER or JSON files into a set')
    .argument('<set>', 'the key set ID')
    .argument('<files...>', 'key files')
    .addOption(new Option('--use <use>', 'The "use" of keys that define none').default('sig'))
    .action(async (set: string, files: string[], options: { use: string }, self: Command) => {
      const admin = v1Admin(self);
      const keys: JsonWebKey[] = [];
      for (const file of files) {
        for (const key of keysFromFile(await readInput(file), file)) {
          const kid = key.kid || `${key.d !== undefined || key.k !== undefined ? 'private' : 'public'}:${randomUUID()}`;
          const use = key.use || options.use;
          const alg = key.alg || (use === 'sig' ? defaultSigningAlg(key) : undefined);
          keys.push({ ...key, kid, use, ...(alg ? { alg } : {}) });
        }
        process.stdout.write(`Successfully loaded key from file: ${file}\n`);
      }
      for (const key of keys) await admin.setKey(set, key.kid!, key);
      process.stdout.write('JSON Web Key Set successfully imported!\n');
    });
}
