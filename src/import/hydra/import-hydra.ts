/**
 * `import hydra`: copies what Tessera serves from a Hydra database into a migrated Tessera
 * database, kind by kind (./kinds/index.ts lists them and their order). Each row is inserted
 * only when absent (persistence/sql/import-target.ts): a second run, or a run after one killed
 * half way, completes the copy and duplicates nothing. The Hydra database is only read
 * (./source.ts).
 */
import type { Aead } from '../../crypto/aead.js';
import type { Database } from '../../persistence/database.js';
import { hydraSchemaEvidence } from '../../persistence/hydra-schema.js';
import { ImportTarget } from '../../persistence/sql/import-target.js';
import { withHydraDefaults } from './hydra-columns.js';
import { HYDRA_KINDS } from './kinds/index.js';
import type { HydraKind, ImportContext, RowOutcome } from './kinds/kind.js';
import { LeftBehind, NotCarried, Unimportable } from './mapping.js';
import { columnsOf, countRows, networks, pages, schemaVersions, type HydraRow } from './reader.js';
import { checkSchemaVersion, UnknownHydraSchemaError } from './schema-versions.js';
import { assertSecretsOpenHydra } from './secrets-check.js';
import type { HydraSource } from './source.js';

export interface Skipped {
  /** The kind's printed name, e.g. "clients". */
  kind: string;
  id: string;
  reason: string;
  /** False for a row that by its nature stays behind (NotCarried): reported, but the run succeeds. */
  failure: boolean;
}

export interface KindCount {
  kind: HydraKind;
  /** Rows copied now (with --dry-run: that would be copied). */
  copied: number;
  /** Rows Tessera already had (an earlier run): left as they are. */
  present: number;
  /** Rows finished in Hydra, with nothing to carry over. */
  finished: number;
  skipped: Skipped[];
  /** Rows left behind on purpose (LeftBehind), by reason: not failures. */
  leftBehind: Map<string, number>;
}

export interface ImportReport {
  schemaVersion: string;
  /** One entry per kind, in copy order. */
  counts: KindCount[];
  skipped: Skipped[];
}

export interface ImportOptions {
  dryRun: boolean;
  /** Called after each page of each table: how far the copy of a kind is. */
  onProgress?: (kind: string, done: number, total: number) => void;
  /** The kinds to copy; all of them unless a test says otherwise. */
  kinds?: readonly HydraKind[];
  /** oidc.subject_identifiers.pairwise.salt, the same as Hydra's: the `sub` a pairwise client was given. */
  pairwiseSalt?: string;
}

export async function importHydra(source: HydraSource, target: Database, aead: Aead, options: ImportOptions): Promise<ImportReport> {
  // A Tessera database, or any other, given as --from: said in a sentence, not as a SQL error.
  const tables = await source.db.introspection.getTables();
  if (!hydraSchemaEvidence(tables)) {
    throw new UnknownHydraSchemaError(
      "The --from database is not a Hydra database: it has no schema_migration table of Hydra's (version, version_self) nor Hydra's hydra_client table.",
    );
  }
  // Hydra's tables without popx's bookkeeping: which release wrote them cannot be told.
  if (!tables.some((table) => table.name === 'schema_migration'))
    throw new UnknownHydraSchemaError(
      'The --from database has Hydra\'s tables but no schema_migration table, so its Hydra release cannot be told: run "hydra migrate sql up" on it with the Hydra it comes from first; nothing was copied.',
    );
  const schemaVersion = checkSchemaVersion(await schemaVersions(source));
  const nids = await networks(source);
  if (nids.length !== 1)
    throw new Error(`The Hydra database holds ${nids.length} networks; Hydra keeps exactly one, and so does this import.`);
  await assertSecretsOpenHydra(source, nids[0]!, aead);
  const columnCache = new Map<string, Promise<ReadonlySet<string>>>();
  const context: ImportContext = {
    source,
    nid: nids[0]!,
    into: new ImportTarget({ db: target.db }),
    aead,
    dryRun: options.dryRun,
    ...(options.pairwiseSalt ? { pairwiseSalt: options.pairwiseSalt } : {}),
    columns: (table) => {
      let columns = columnCache.get(table);
      if (!columns) columnCache.set(table, (columns = columnsOf(source, table)));
      return columns;
    },
  };
  const report: ImportReport = { schemaVersion, counts: [], skipped: [] };
  for (const kind of options.kinds ?? HYDRA_KINDS) {
    const count = await copyKind(kind, context, options);
    report.counts.push(count);
    report.skipped.push(...count.skipped);
  }
  return report;
}

/** Rows of one page copied at the same time: below the target pool's size (20 by default). */
const ROW_CONCURRENCY = 8;

async function copyRow(kind: HydraKind, row: HydraRow, context: ImportContext): Promise<RowOutcome | LeftBehind | Unimportable> {
  try {
    return await kind.copy(row, context);
  } catch (error) {
    if (error instanceof LeftBehind || error instanceof Unimportable) return error;
    throw error;
  }
}

/** `map` over `items` with at most `limit` calls in flight; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function copyKind(kind: HydraKind, context: ImportContext, options: ImportOptions): Promise<KindCount> {
  const count: KindCount = { kind, copied: 0, present: 0, finished: 0, skipped: [], leftBehind: new Map() };
  // Older Hydra releases lack some tables (nothing to copy) and columns (read as Hydra's default).
  const columns = await context.columns(kind.table);
  if (columns.size === 0) return count;
  const total = await countRows(context.source, kind.table, context.nid);
  let done = 0;
  for await (const page of pages(context.source, kind.table, kind.key, context.nid)) {
    // Each row is its own insert-when-absent (a lookup and an insert): a page's rows go
    // ROW_CONCURRENCY at a time over the target's pool, so a large table (tokens) is not bound by
    // one round trip after another. Outcomes are tallied in key order all the same.
    const outcomes = await mapConcurrently(page, ROW_CONCURRENCY, (row) =>
      copyRow(kind, withHydraDefaults(kind.table, row, columns), context),
    );
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome instanceof LeftBehind) count.leftBehind.set(outcome.message, (count.leftBehind.get(outcome.message) ?? 0) + 1);
      else if (outcome instanceof Unimportable)
        count.skipped.push({ kind: kind.name, id: kind.id(page[i]!), reason: outcome.message, failure: !(outcome instanceof NotCarried) });
      else count[outcome] += 1;
    }
    done += page.length;
    options.onProgress?.(kind.name, done, total);
  }
  return count;
}
