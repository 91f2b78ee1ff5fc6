/**
 * The Hydra schema versions this import reads. popx keeps one schema_migration row per applied
 * migration, named by its timestamp; after `hydra migrate sql up` the newest row is the newest
 * migration of persistence/sql/migrations at the release's tag, the same on every dialect
 * (docs/hydra-schema-versions.md lists them and what each layout lacks). The import reads every
 * one of them: a column a release does not have yet reads as Hydra's default (./hydra-columns.ts).
 * Any other newest version is refused by name: older than v2.0.0 (Hydra v1's layout has no
 * networks), newer than this list, or one that no release ends at (a build of Hydra's main
 * branch, or a `migrate sql up` that stopped half way).
 */
export const KNOWN_VERSIONS: Readonly<Record<string, string>> = {
  '20220916000010000000': 'Hydra v2.0.0 or v2.0.1',
  '20221109000010000001': 'Hydra v2.0.2 or v2.0.3',
  '20230313112801000001': 'Hydra v2.1.0 or v2.1.1',
  '20230512112801000001': 'Hydra v2.1.2',
  '20230606112801000001': 'Hydra v2.2.0-pre.0, v2.2.0-rc.1 or v2.2.0-rc.2',
  '20230809122501000001': 'Hydra v2.2.0-rc.3',
  '20240129174410000001': 'Hydra v2.2.0',
  '20241129111700000000': 'Hydra v2.3.0',
  '20251030112809000000': 'Hydra v25.4.0',
  '20251202130532000001': 'Hydra v26.2.0',
  '20260122110909000000': 'Hydra after v26.2.0 (client rotated secrets)',
  '20260325111700000000': 'Hydra after v26.2.0 (flow index)',
  '20260420120000000000': 'Hydra after v26.2.0 (access token index)',
  '20260420120000000001': 'Hydra after v26.2.0 (refresh token index)',
};

const ORDERED = Object.keys(KNOWN_VERSIONS).sort();
const OLDEST_KNOWN = ORDERED[0]!;
const NEWEST_KNOWN = ORDERED.at(-1)!;

export class UnknownHydraSchemaError extends Error {}

/** The newest version, when this import reads it; throws naming it otherwise. */
export function checkSchemaVersion(versions: readonly string[]): string {
  const newest = [...versions].sort().at(-1);
  if (!newest)
    throw new UnknownHydraSchemaError(
      'The Hydra database has no applied migration in schema_migration: is it a Hydra database that "hydra migrate sql up" ran on?',
    );
  if (KNOWN_VERSIONS[newest]) return `${newest} (${KNOWN_VERSIONS[newest]})`;
  if (newest < OLDEST_KNOWN)
    throw new UnknownHydraSchemaError(
      `The Hydra database's schema version ${newest} is older than Hydra v2.0.0 (${OLDEST_KNOWN}), the oldest this import reads: ` +
        'upgrade Hydra to v2.0.0 or later and run "hydra migrate sql up" with it first; nothing was copied.',
    );
  if (newest > NEWEST_KNOWN)
    throw new UnknownHydraSchemaError(
      `The Hydra database's schema version ${newest} is newer than any this import knows (newest: ${NEWEST_KNOWN}, ` +
        `${KNOWN_VERSIONS[NEWEST_KNOWN]}); nothing was copied.`,
    );
  const below = ORDERED.filter((version) => version < newest).at(-1)!;
  const above = ORDERED.find((version) => version > newest)!;
  throw new UnknownHydraSchemaError(
    `The Hydra database's schema version ${newest} is not where any Hydra release ends (it lies between ${below}, ` +
      `${KNOWN_VERSIONS[below]}, and ${above}, ${KNOWN_VERSIONS[above]}): run "hydra migrate sql up" to the end with a released ` +
      'Hydra first; nothing was copied.',
  );
}
