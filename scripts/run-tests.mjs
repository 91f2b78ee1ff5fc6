#!/usr/bin/env node
// Runs the compiled test files (dist/test/**/*.test.js) with node's test runner, one file at a
// time per database so that database-heavy files do not starve each other on a 2-core machine.
//
//   node scripts/run-tests.mjs [filter...]      every file on TEST_DATABASES (default sqlite)
//   --database-dependent                        only the files that depend on the database
//                                               selection (test-files.mjs): CI runs them on
//                                               PostgreSQL and MariaDB after `npm test` ran
//                                               everything on SQLite
//   --parallel-databases                        one lane per database of TEST_DATABASES, run
//                                               side by side (each lane is one file at a time)
//
// A filter keeps the files whose path contains it. Each file's output is printed whole when it
// ends (lanes never interleave), then the slowest files and a closing "N passed, N failed" line.
// The run shares one directory of pre-generated signing keys (test/support/signing-keys.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectTestFiles, databaseScope } from './test-files.mjs';
import { runFile } from './run-test-file.mjs';

const args = process.argv.slice(2);
const KNOWN_FLAGS = ['--database-dependent', '--parallel-databases'];
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node scripts/run-tests.mjs [--database-dependent] [--parallel-databases] [filter...]  (TEST_DATABASES=sqlite,postgres,mysql)');
  process.exit(0);
}
const unknown = args.filter((arg) => arg.startsWith('-') && !KNOWN_FLAGS.includes(arg));
if (unknown.length > 0) {
  // An unknown flag must not fall through to "every file": that starts the whole suite by mistake.
  console.error(`unknown option ${unknown.join(' ')}; see --help`);
  process.exit(2);
}
const dependentOnly = args.includes('--database-dependent');
const parallel = args.includes('--parallel-databases');
const filters = args.filter((arg) => !arg.startsWith('--'));
const databases = (process.env.TEST_DATABASES ?? 'sqlite').split(',').map((name) => name.trim()).filter(Boolean);

const matched = collectTestFiles('dist/test').filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
if (matched.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const scoped = matched.map((file) => ({ file, scope: databaseScope(file) }));
const files = dependentOnly ? scoped.filter((entry) => entry.scope === 'each') : scoped;
const onceCount = scoped.filter((entry) => entry.scope === 'once').length;
console.log(
  `databases: ${databases.join(',')}; ${matched.length} test files, ${matched.length - onceCount} database-dependent, ${onceCount} database-independent` +
    (dependentOnly ? ` (not run here: they do not depend on the database)` : ''),
);
if (files.length === 0) {
  console.log('0 passed, 0 failed');
  process.exit(0);
}

const keyDir = mkdtempSync(join(tmpdir(), 'tessera-test-keys-'));
const lanes = parallel ? databases.map((database) => [database]) : [databases];
const results = [];
let exitCode = 0;
try {
  await Promise.all(
    lanes.map(async (lane) => {
      for (const { file } of files) {
        const result = await runFile(file, {
          ...process.env,
          TEST_DATABASES: lane.join(','),
          TESSERA_TEST_KEY_DIR: keyDir,
          // Lanes draw test ports from disjoint ranges (test/support/ports.ts).
          ...(parallel ? { TESSERA_TEST_PORT_SLOT: `${lanes.indexOf(lane)}/${lanes.length}` } : {}),
        });
        process.stdout.write(result.output);
        results.push({ ...result, lane: lane.join(',') });
        if (result.failed > 0 || result.code !== 0) exitCode = 1;
      }
    }),
  );
} finally {
  rmSync(keyDir, { recursive: true, force: true });
}

summarize(results);
process.exit(exitCode);

function summarize(all) {
  console.log('\nslowest test files (seconds, database lane):');
  for (const r of [...all].sort((a, b) => b.seconds - a.seconds).slice(0, 12)) {
    console.log(`  ${r.seconds.toFixed(1).padStart(6)}  ${r.lane.padEnd(15)} ${r.file}`);
  }
  for (const lane of new Set(all.map((r) => r.lane))) {
    const mine = all.filter((r) => r.lane === lane);
    const sum = (key) => mine.reduce((total, r) => total + r[key], 0);
    console.log(`${lane}: ${mine.length} files, ${sum('tests')} tests, ${sum('passed')} passed, ${sum('failed')} failed, ${sum('seconds').toFixed(0)} s`);
  }
  const failedFiles = all.filter((r) => r.failed > 0 || r.code !== 0);
  for (const r of failedFiles) console.log(`FAILED: ${r.file} (${r.lane}, exit ${r.code})`);
  const total = (key) => all.reduce((sum, r) => sum + r[key], 0);
  // A plain closing line any CI reads, whatever the reporter printed above.
  console.log(`${total('passed')} passed, ${total('failed') + failedFiles.filter((r) => r.failed === 0).length} failed`);
}
