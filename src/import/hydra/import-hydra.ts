/**
 * `import hydra`: copies what Tessera serves from a Hydra v26 database into a migrated Tessera
 * database. This step copies clients (secret hashes verbatim, every field, lifespans, metadata,
 * jwks), every JSON Web Key (same set, kid and key material, sealed again for Tessera's store, with
 * Hydra's creation times so the same key stays the newest and signs) and JWT-bearer trust
 * relationships. Each row is inserted only when absent (persistence/sql/import-target.ts): a
 * second run, or a run after one killed half way, completes the copy and duplicates nothing.
 * The Hydra database is only read (./source.ts).
 */
import type { Aead } from '../../crypto/aead.js';
import { toRow as clientRow } from '../../client/client-row.js';
import { isSigningKey } from '../../jwk/jwk.js';
import type { Database } from '../../persistence/database.js';
import { ImportTarget } from '../../persistence/sql/import-target.js';
import { keyAdditionalData } from '../../persistence/sql/key.js';
import { toRow as trustRow } from '../../persistence/sql/trust.js';
import { mapClient, mapTrust, openKey, Unimportable, utcMs } from './mapping.js';
import { columnsOf, countRows, keyRow, networks, pages, schemaVersions } from './reader.js';
import type { HydraSource } from './source.js';
import { checkSchemaVersion, UnknownHydraSchemaError } from './schema-versions.js';
import { hydraSchemaEvidence } from '../../persistence/hydra-schema.js';

export const KINDS = ['clients', 'keys', 'trust relationships'] as const;
export type Kind = (typeof KINDS)[number];

/** What this step does not carry over yet (issue 13), said in the output and the README. */
export const NOT_IMPORTED_YET =
  'access and refresh tokens, authorization and device codes, login sessions, remembered consents, login/consent/logout flows, ' +
  'registration access tokens (RFC 7592)';

export interface Skipped {
  kind: Kind;
  id: string;
  reason: string;
}

export interface ImportReport {
  schemaVersion: string;
  /** Rows copied now (with --dry-run: that would be copied). */
  copied: Record<Kind, number>;
  /** Rows Tessera already had (an earlier run): left as they are. */
  present: Record<Kind, number>;
  skipped: Skipped[];
}

export interface ImportOptions {
  dryRun: boolean;
  /** Called after each page of each table: how far the copy of `kind` is. */
  onProgress?: (kind: Kind, done: number, total: number) => void;
}

const TABLES: Record<Kind, { table: string; key: string }> = {
  clients: { table: 'hydra_client', key: 'id' },
  keys: { table: 'hydra_jwk', key: 'pk' },
  'trust relationships': { table: 'hydra_oauth2_trusted_jwt_bearer_issuer', key: 'id' },
};

export async function importHydra(source: HydraSource, target: Database, aead: Aead, options: ImportOptions): Promise<ImportReport> {
  // A Tessera database, or any other, given as --from: said in a sentence, not as a SQL error.
  if (!hydraSchemaEvidence(await source.db.introspection.getTables())) {
    throw new UnknownHydraSchemaError(
      "The --from database is not a Hydra database: it has no schema_migration table of Hydra's (version, version_self) nor Hydra's hydra_client table.",
    );
  }
  const schemaVersion = checkSchemaVersion(await schemaVersions(source));
  const nids = await networks(source);
  if (nids.length !== 1)
    throw new Error(`The Hydra database holds ${nids.length} networks; Hydra keeps exactly one, and so does this import.`);
  const nid = nids[0]!;
  const zero = () => ({ clients: 0, keys: 0, 'trust relationships': 0 });
  const report: ImportReport = { schemaVersion, copied: zero(), present: zero(), skipped: [] };
  const into = new ImportTarget({ db: target.db });
  const hasRotated = (await columnsOf(source, 'hydra_client')).has('rotated_secrets');

  const each = async (
    kind: Kind,
    work: (row: Record<string, unknown>) => Promise<'copied' | 'present'>,
    id: (row: Record<string, unknown>) => string,
  ) => {
    const { table, key } = TABLES[kind];
    const total = await countRows(source, table, nid);
    let done = 0;
    for await (const page of pages(source, table, key, nid)) {
      for (const row of page) {
        try {
          report[await work(row)][kind] += 1;
        } catch (error) {
          if (!(error instanceof Unimportable)) throw error;
          report.skipped.push({ kind, id: id(row), reason: error.message });
        }
      }
      done += page.length;
      options.onProgress?.(kind, done, total);
    }
  };

  await each(
    'clients',
    async (row) => {
      const { client, secretHash, rotatedSecretHashes } = mapClient(hasRotated ? row : { ...row, rotated_secrets: undefined });
      if (options.dryRun) return (await into.hasClient(client.client_id)) ? 'present' : 'copied';
      const stored = {
        ...clientRow(client, secretHash),
        rotated_secrets: rotatedSecretHashes.length > 0 ? JSON.stringify(rotatedSecretHashes) : null,
      };
      return (await into.insertClient(stored)) ? 'copied' : 'present';
    },
    (row) => String(row.id),
  );

  await each(
    'keys',
    async (row) => {
      const set = String(row.sid);
      const kid = String(row.kid);
      const jwk = openKey(row, aead);
      if (jwk.kid !== kid) throw new Unimportable(`its key data names kid "${jwk.kid}", not the row's "${kid}"`);
      if (options.dryRun) return (await into.hasKey(set, kid)) ? 'present' : 'copied';
      const inserted = await into.insertKey({
        sid: set,
        kid,
        keydata: aead.seal(JSON.stringify(jwk), keyAdditionalData(set, kid)),
        signing: isSigningKey(jwk) ? 1 : 0,
        // Hydra's creation time, to the millisecond it has: the newest key of a set signs, as in Hydra.
        created_at: utcMs(row.created_at, 'created_at'),
      });
      return inserted ? 'copied' : 'present';
    },
    (row) => `${String(row.sid)}/${String(row.kid)}`,
  );

  await each(
    'trust relationships',
    async (row) => {
      const keyData = await keyRow(source, nid, String(row.key_set), String(row.key_id));
      if (!keyData) throw new Unimportable(`its public key ${String(row.key_set)}/${String(row.key_id)} is missing from hydra_jwk`);
      const trust = mapTrust(row, openKey(keyData, aead));
      if (options.dryRun) return (await into.hasTrust(trust.id)) ? 'present' : 'copied';
      return (await into.insertTrust(trustRow(trust))) ? 'copied' : 'present';
    },
    (row) => String(row.id),
  );
  return report;
}
