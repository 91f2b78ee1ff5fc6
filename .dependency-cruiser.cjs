// Import boundaries of Tessera, checked by `npm run lint` (dependency-cruiser) in CI.
//
// The layer table is the one in docs/reference/style-anchors.md ("What may import what") as the
// architecture review (docs/reference/architecture-review.md, section 1.2) found it in the import graph,
// with the composition root put where the review's P4 puts it: above the rooms it builds.
// A file may import files of its own layer and of the layers below it, never of a layer above.
// Type-only imports count too (`import type` is still a dependency of the design).
//
// The edges that break the table today are listed one by one in KNOWN_VIOLATIONS at the bottom of
// this file, each with the proposal that removes it. Delete a line when that work lands: the lint
// then keeps the edge from coming back.
'use strict';

// From the ground up. A folder or file of src/ that is in no layer fails the lint (rule
// `src-file-in-no-layer`): a new room is placed in the table on purpose, not by accident.
// A path listed in one layer and nested in another's folder (src/http/outbound/ in src/http/)
// belongs to the layer that lists it.
const LAYERS = [
  {
    name: 'foundation',
    paths: [
      'src/config/',
      'src/crypto/',
      'src/core/',
      'src/persistence/',
      'src/version.ts',
      // P3's home for the HTML and URL helpers (escapeHtml, PAGE_HEADERS, withQuery).
      'src/web/',
      // The parts of http/ that are not the two Fastify apps: the guarded outbound client (used by
      // client/ and flow/ to fetch jwks_uri, sector_identifier_uri, back-channel logout), the
      // metrics registry and the JSON body parser that route files use (style-anchors: `*.routes.ts`
      // may use `http/` helpers). They import config/, core/ and persistence/ types only.
      'src/http/outbound/',
      'src/http/metrics/',
      'src/http/body/',
      // P4's branded PublicApp/AdminApp types that route modules register on.
      'src/http/surfaces/',
    ],
  },
  { name: 'domains', paths: ['src/client/', 'src/jwk/', 'src/janitor/'] },
  // The login/consent flow, logout and sessions (P3's split of flow/) sit below oauth2/: the
  // authorization endpoint drives the flow (as Hydra's oauth2 handler drives its consent strategy),
  // and the flow hands on a ConsentedGrant without knowing what the endpoint issues for it.
  { name: 'flow', paths: ['src/flow/', 'src/logout/', 'src/session/'] },
  { name: 'oauth2', paths: ['src/oauth2/'] },
  // P1's storage layer: the SQL stores implement the interfaces the domains declare, and the unit
  // of work bundles them, so both sit above the domains. The rest of persistence/ (database, DSN,
  // migrator, batched reader and writer) stays in the foundation.
  { name: 'storage', paths: ['src/persistence/sql/', 'src/persistence/unit-of-work.ts'] },
  // The Hydra import (issue 13): reads Hydra's own schema with its own read-only reader, maps rows
  // onto the domains' models and writes through the storage layer; only the CLI uses it.
  { name: 'import', paths: ['src/import/'] },
  // The composition root builds every room below it (P4 turns the file into a folder of factories);
  // the two apps in http/ are handed what it built.
  { name: 'composition root', paths: ['src/registry.ts', 'src/registry/'] },
  { name: 'http', paths: ['src/http/'] },
  { name: 'server', paths: ['src/server.ts'] },
  { name: 'cli', paths: ['src/cli/'] },
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// 'src/core/' covers the folder; 'src/server.ts' exactly that file.
const pattern = (path) => (path.endsWith('/') ? `^${escape(path)}` : `^${escape(path)}$`);
const patterns = (paths) => paths.map(pattern);
// The paths of `others` that lie inside one of `paths` (src/http/outbound/ inside src/http/).
const nestedIn = (paths, others) =>
  others.filter((other) => paths.some((path) => path.endsWith('/') && other !== path && other.startsWith(path)));
const allPaths = LAYERS.flatMap((layer) => layer.paths);

const upwardRules = LAYERS.slice(0, -1).map((layer, index) => {
  const above = LAYERS.slice(index + 1).flatMap((higher) => higher.paths);
  const atOrBelow = LAYERS.slice(0, index + 1).flatMap((lower) => lower.paths);
  return {
    name: `no-upward-import-from-${layer.name.replace(/ /g, '-')}`,
    comment: `${layer.name} (${layer.paths.join(', ')}) may not import a layer above it: ${LAYERS.slice(index + 1)
      .map((higher) => higher.name)
      .join(', ')}`,
    severity: 'error',
    from: { path: patterns(layer.paths), pathNot: patterns(nestedIn(layer.paths, allPaths)) },
    to: { path: patterns(above), pathNot: patterns(nestedIn(above, atOrBelow)) },
  };
});

const RULES = [
  ...upwardRules,
  {
    // Inside the bottom layer: the protocol core stays free of keys, endpoints and SQL
    // (style-anchors: oauth2-core imports jose and its own files only).
    name: 'core-imports-no-keys-endpoints-or-sql',
    comment: 'src/core/ must not import src/jwk/, src/oauth2/ or src/persistence/',
    severity: 'error',
    from: { path: ['^src/core/'] },
    to: { path: ['^src/jwk/', '^src/oauth2/', '^src/persistence/'] },
  },
  {
    name: 'only-cli-imports-cli',
    comment: 'nothing imports src/cli/ except src/cli/ itself (it is the top: a client of the HTTP API)',
    severity: 'error',
    from: { pathNot: ['^src/cli/', '^test/'] },
    to: { path: ['^src/cli/'] },
  },
  {
    // Hydra's mock-lcp rule: the login/consent app works against a remote server through the SDK.
    name: 'apps-import-no-src',
    comment: 'apps/ must not import src/ (nor test/): it talks to the server over HTTP only',
    severity: 'error',
    from: { path: ['^apps/'] },
    to: { path: ['^src/', '^test/'] },
  },
  {
    name: 'src-imports-no-test',
    comment: 'production code (src/) never imports test code (test/)',
    severity: 'error',
    from: { path: ['^src/'] },
    to: { path: ['^test/'] },
  },
  {
    name: 'src-file-in-no-layer',
    comment: 'every file of src/ belongs to a layer of LAYERS in .dependency-cruiser.cjs: add a new folder there',
    severity: 'error',
    from: { path: ['^src/'], pathNot: patterns(allPaths) },
    to: {},
  },
  {
    name: 'no-unresolvable-import',
    comment: 'a relative import that resolves to no file',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];

// Edges that break the table today, file by file, each naming the proposal that removes it
// (docs/reference/architecture-review.md, section 5). Delete the line when that work lands: an
// entry exempts exactly that edge, so a listed file still fails on any other upward import.
const KNOWN_VIOLATIONS = [
  // P4 ("one place builds everything") moved the domain factories to src/registry/; the janitor
  // (run by the CLI, not by the registry) still imports its delete queries from persistence/sql/.
  { from: 'src/janitor/janitor.ts', to: 'src/persistence/sql/janitor-session-clients.ts', removedBy: 'P4' },
  { from: 'src/janitor/janitor.ts', to: 'src/persistence/sql/janitor-targets.ts', removedBy: 'P4' },
  // P1 (follow-up): the protocol steps take the unit of work, whose interface bundles the domains'
  // store interfaces; removed when that interface is declared below oauth2/ (or passed in narrower).
  { from: 'src/oauth2/code/code-redemption.ts', to: 'src/persistence/unit-of-work.ts', removedBy: 'P1 (follow-up)' },
  { from: 'src/oauth2/refresh/refresh-rotation.ts', to: 'src/persistence/unit-of-work.ts', removedBy: 'P1 (follow-up)' },
  { from: 'src/oauth2/refresh/refresh-tokens.ts', to: 'src/persistence/unit-of-work.ts', removedBy: 'P1 (follow-up)' },
  { from: 'src/oauth2/authorize/issue-response.ts', to: 'src/persistence/unit-of-work.ts', removedBy: 'P1 (follow-up)' },
];

const asList = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
// Whether a rule's `from` or `to` (path / pathNot regexes, as dependency-cruiser reads them) covers a file.
const matchesAny = (regexes, file) => regexes.some((regex) => new RegExp(regex).test(file));
const covers = (side, file) =>
  (asList(side.path).length === 0 || matchesAny(asList(side.path), file)) && !matchesAny(asList(side.pathNot), file);

// A rule that a known violation breaks is split in two: the rule itself for every other file, and,
// for each file with known violations, the same rule less exactly the listed targets.
function withKnownViolations(rule) {
  const mine = KNOWN_VIOLATIONS.filter((known) => covers(rule.from, known.from) && covers(rule.to, known.to));
  if (mine.length === 0) return [rule];
  const fromFiles = [...new Set(mine.map((known) => known.from))];
  const general = { ...rule, from: { ...rule.from, pathNot: [...asList(rule.from.pathNot), ...patterns(fromFiles)] } };
  const perFile = fromFiles.map((from) => ({
    ...rule,
    from: { path: pattern(from) },
    to: {
      ...rule.to,
      pathNot: [...asList(rule.to.pathNot), ...patterns(mine.filter((known) => known.from === from).map((known) => known.to))],
    },
  }));
  return [general, ...perFile];
}

module.exports = {
  forbidden: RULES.flatMap(withKnownViolations),
  options: {
    // Type-only imports are edges of the design as well (the review counts the `Registry` type).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^node_modules/'] },
    // Only the project's own files are of interest; packages are not cruised.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    // Relative imports are written with `.js` (NodeNext); they resolve to the `.ts` source.
    moduleSystems: ['es6', 'cjs'],
  },
};
