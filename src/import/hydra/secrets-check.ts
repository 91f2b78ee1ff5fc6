/**
 * The import needs the secrets.system Hydra ran with: Hydra's keys and sealed token sessions open
 * only under it, and what the import writes (consents, sessions, keys sealed again) is sealed
 * under it for the Tessera that will run with the same secret. A run under another secret would
 * write rows that Tessera, started with the right secret, cannot open, and a later run would
 * find them present and leave them so. Hence a check before anything is written: when Hydra has
 * keys, at least one must open; otherwise the run stops, naming the cause.
 */
import { sql } from 'kysely';
import type { Aead } from '../../crypto/aead.js';
import type { HydraSource } from './source.js';

/** Keys tried before concluding that none opens (one opening is enough). */
const SAMPLE = 20;

export class WrongSecretsError extends Error {}

export async function assertSecretsOpenHydra(source: HydraSource, nid: string, aead: Aead): Promise<void> {
  const { rows } = await sql<{ keydata: unknown }>`SELECT keydata FROM hydra_jwk WHERE nid = ${nid} LIMIT ${SAMPLE}`.execute(source.db);
  if (rows.length === 0) return;
  const opens = rows.some((row) => {
    try {
      aead.openText(String(row.keydata));
      return true;
    } catch {
      return false;
    }
  });
  if (!opens)
    throw new WrongSecretsError(
      `secrets.system (SECRETS_SYSTEM) opens none of Hydra's keys (${rows.length} tried in hydra_jwk): run the import with the secrets.system Hydra ran with. Nothing was copied.`,
    );
}
