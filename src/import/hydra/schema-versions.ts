/**
 * The Hydra schema versions this import reads: the newest row of Hydra's schema_migration (popx
 * keeps one per applied migration, named by its timestamp) must be one whose tables this step
 * knows. Hydra v26.2.0 ends at 20251202130532000001; the migrations after it on Hydra's main
 * branch add client.rotated_secrets (read when present) and indexes. Older Hydra versions are
 * refused by name: upgrading Hydra to v26 first (`hydra migrate sql up`) brings them here.
 */
export const KNOWN_VERSIONS: Readonly<Record<string, string>> = {
  '20251202130532000001': 'Hydra v26.2.0',
  '20260122110909000000': 'Hydra after v26.2.0 (client rotated secrets)',
  '20260325111700000000': 'Hydra after v26.2.0 (flow index)',
  '20260420120000000000': 'Hydra after v26.2.0 (access token index)',
  '20260420120000000001': 'Hydra after v26.2.0 (refresh token index)',
};

const OLDEST_KNOWN = Object.keys(KNOWN_VERSIONS).sort()[0]!;

export class UnknownHydraSchemaError extends Error {}

/** The newest version, when this import reads it; throws naming it otherwise. */
export function checkSchemaVersion(versions: readonly string[]): string {
  const newest = [...versions].sort().at(-1);
  if (!newest)
    throw new UnknownHydraSchemaError(
      'The Hydra database has no applied migration in schema_migration: is it a Hydra database that "hydra migrate sql up" ran on?',
    );
  if (KNOWN_VERSIONS[newest]) return `${newest} (${KNOWN_VERSIONS[newest]})`;
  throw new UnknownHydraSchemaError(
    newest < OLDEST_KNOWN
      ? `The Hydra database's schema version ${newest} is older than Hydra v26, which this import reads: upgrade Hydra to v26.2.0 and run "hydra migrate sql up" on it first.`
      : `The Hydra database's schema version ${newest} is newer than any this import knows (newest: ${Object.keys(KNOWN_VERSIONS).sort().at(-1)}); nothing was copied.`,
  );
}
