/**
 * A value made once per test run and shared by its test processes through TESSERA_TEST_KEY_DIR,
 * the private temporary directory that scripts/run-tests.mjs creates and removes for each run
 * (nothing is committed): the first process that needs it makes it and writes it there, the others
 * read it. Without the directory (a test file run directly), each process makes its own.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The run's `name` (a JSON value): read from the run's directory, or made by `make` and put there. */
export async function runShared<T>(name: string, make: () => Promise<T>): Promise<T> {
  const dir = process.env.TESSERA_TEST_KEY_DIR;
  const file = dir ? join(dir, `${name}.json`) : undefined;
  if (file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      // not made yet in this run
    }
  }
  const made = await make();
  if (file) {
    // Written aside and renamed: a process of another lane reads a whole file or none.
    mkdirSync(dir!, { recursive: true, mode: 0o700 });
    const partial = `${file}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, JSON.stringify(made), { mode: 0o600 });
    renameSync(partial, file);
  }
  return made;
}
