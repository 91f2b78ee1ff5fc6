// Which compiled test files exist, and which of them depend on the database selection.
//
// A file is database-dependent when it, or any test module it imports (relative imports,
// followed transitively through dist/), names the database selection: `testDialects`,
// `createTestDatabase`, `TEST_DATABASES`, or imports test/support/databases.js. Such a file runs
// once per database of TEST_DATABASES. Every other file does the same work whatever
// TEST_DATABASES says, so running it again on another database only repeats it.
//
// The safe answer wins whenever the scan is unsure: an import it cannot resolve or read, or an
// import() of a computed specifier, makes the file database-dependent.
//
// A file may declare itself with a comment line `// test-databases: once` (database-independent
// although it uses the selection, e.g. a test of a third-party gateway that needs some database)
// or `// test-databases: each` (always dependent).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SELECTION = /\btestDialects\b|\bcreateTestDatabase\b|\bTEST_DATABASES\b|support\/databases\.js/;
const MARKER = /^\s*\/\/\s*test-databases:\s*(once|each)\s*$/m;
const STATIC_IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*([^)]*)\)/g;

export function collectTestFiles(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return collectTestFiles(path);
      return path.endsWith('.test.js') ? [path] : [];
    })
    .sort();
}

/** 'each' (run on every database) or 'once' (database-independent). */
export function databaseScope(file) {
  const source = readFileSync(file, 'utf8');
  const marker = MARKER.exec(source);
  if (marker) return marker[1];
  return dependsOnSelection(resolve(file), new Set()) ? 'each' : 'once';
}

function dependsOnSelection(path, seen) {
  if (seen.has(path)) return false;
  seen.add(path);
  let source;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    return true;
  }
  if (SELECTION.test(source)) return true;
  for (const match of source.matchAll(DYNAMIC_IMPORT)) {
    const argument = match[1].trim();
    // A type-only `import('pkg').T` is erased by tsc; a literal package import cannot read the
    // selection; a literal relative one is followed below; anything computed is unknown.
    const literal = /^['"]([^'"]+)['"]$/.exec(argument);
    if (!literal) return true;
    if (isRelative(literal[1]) && followImport(path, literal[1], seen)) return true;
  }
  for (const match of source.matchAll(STATIC_IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (isRelative(specifier) && followImport(path, specifier, seen)) return true;
  }
  return false;
}

function isRelative(specifier) {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

function followImport(from, specifier, seen) {
  const target = resolve(dirname(from), specifier);
  // Application code (dist/src, dist/apps) does not know about test databases; test modules do.
  if (!target.includes(`${join('dist', 'test')}`)) return false;
  if (!existsSync(target)) return true;
  return dependsOnSelection(target, seen);
}
