/**
 * One kind of Hydra row the import carries over (clients, keys, tokens, ...): which table it
 * reads, in which key order, and how one row becomes Tessera's. The orchestrator
 * (../import-hydra.ts) pages through the table, counts, reports progress and collects the rows
 * that cannot come along; a kind only maps and inserts one row.
 */
import type { Aead } from '../../../crypto/aead.js';
import type { ImportTarget } from '../../../persistence/sql/import-target.js';
import type { HydraRow } from '../reader.js';
import type { HydraSource } from '../source.js';

export interface ImportContext {
  source: HydraSource;
  /** The one network of the Hydra database. */
  nid: string;
  into: ImportTarget;
  /** Opens what Hydra sealed under secrets.system, and seals for Tessera. */
  aead: Aead;
  dryRun: boolean;
  /** oidc.subject_identifiers.pairwise.salt when pairwise subjects are configured. */
  pairwiseSalt?: string;
  /** The columns of a source table (read once, then remembered): older Hydra versions lack some. */
  columns(table: string): Promise<ReadonlySet<string>>;
}

/**
 * What happened to one row: copied now (or, dry, would be), Tessera had it already, or it was
 * finished in Hydra and has nothing to carry over (a handled logout request).
 */
export type RowOutcome = 'copied' | 'present' | 'finished';

export interface HydraKind {
  /** Plural, as printed: "Copied 3 clients". */
  readonly name: string;
  /** Singular, as printed: "Cannot copy client c1: ...". */
  readonly singular: string;
  readonly table: string;
  /** A unique column to page by, or the columns of a composite primary key. */
  readonly key: string | readonly string[];
  /** Maps and (unless dry) inserts one row; throws Unimportable with a reason for a row that cannot come along. */
  copy(row: HydraRow, context: ImportContext): Promise<RowOutcome>;
  /** How the row is named in the report. */
  id(row: HydraRow): string;
}
