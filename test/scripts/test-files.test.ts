/**
 * The runner's decision of which test files depend on the database selection
 * (scripts/test-files.mjs): CI runs those on PostgreSQL and MariaDB too, the others once. Checked
 * on small compiled-looking files in a temporary dist/test tree, including the unsure cases,
 * which must come out as dependent.
 */
// test-databases: once
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Scope = 'each' | 'once';
// From dist/test/scripts/ to the repository's scripts/ (a computed specifier: no types for .mjs).
const runnerModule = new URL('../../../scripts/test-files.mjs', import.meta.url).href;

describe('which test files run on every database', () => {
  let root: string;
  let databaseScope: (file: string) => Scope;
  const file = (path: string, text: string) => {
    const full = join(root, 'dist', 'test', path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'tessera-runner-'));
    ({ databaseScope } = (await import(runnerModule)) as { databaseScope: (file: string) => Scope });
    file('support/databases.js', 'export function testDialects() { return ["sqlite"]; }\n');
    file('support/server.js', "import { pino } from 'pino';\nexport const startTestServer = () => pino;\n");
    file('flow/helper.js', "import {\n  testDialects,\n} from '../support/databases.js';\nexport const each = testDialects;\n");
    file('flow/reexport.js', "export * from './helper.js';\n");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('runs once a file that names no database, through any of its imports', () => {
    const plain = file('config/plain.test.js', "import { startTestServer } from '../support/server.js';\nimport '../../../src/x.js';\n");
    assert.equal(databaseScope(plain), 'once');
  });

  it('runs on every database a file that uses the selection, directly or through helpers', () => {
    assert.equal(databaseScope(file('a/direct.test.js', "import { createTestDatabase } from '../support/databases.js';\n")), 'each');
    assert.equal(databaseScope(file('a/env.test.js', 'const names = process.env.TEST_DATABASES;\n')), 'each');
    assert.equal(databaseScope(file('a/helper.test.js', "import { each } from '../flow/reexport.js';\n")), 'each');
    assert.equal(databaseScope(file('a/dynamic.test.js', "const m = await import('../flow/helper.js');\n")), 'each');
  });

  it('runs on every database a suite written with the real describeOnEachDatabase harness', () => {
    // The converted suites name no database themselves: only the harness they import does
    // (test/support/on-each-database.ts), so the scan must keep following it.
    const harness = fileURLToPath(new URL('../support/on-each-database.js', import.meta.url));
    assert.equal(databaseScope(harness), 'each');
    assert.equal(databaseScope(fileURLToPath(new URL('../flow/code-flow.test.js', import.meta.url))), 'each');
  });

  it('takes the safe answer when unsure: a missing import or a computed import()', () => {
    assert.equal(databaseScope(file('b/missing.test.js', "import { x } from './gone.js';\n")), 'each');
    assert.equal(databaseScope(file('b/computed.test.js', 'const name = "x";\nawait import(name);\n')), 'each');
  });

  it('follows a declared marker either way', () => {
    assert.equal(databaseScope(file('c/once.test.js', "// test-databases: once\nimport { testDialects } from '../support/databases.js';\n")), 'once');
    assert.equal(databaseScope(file('c/each.test.js', '// test-databases: each\nexport {};\n')), 'each');
  });
});
