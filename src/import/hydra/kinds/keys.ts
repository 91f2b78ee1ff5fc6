/**
 * hydra_jwk: the same set, kid and key material, sealed again for Tessera's store (mapping.ts
 * says why), with Hydra's creation time so the same key stays the newest of its set and signs.
 */
import { isSigningKey } from '../../../jwk/jwk.js';
import { keyAdditionalData } from '../../../persistence/sql/key.js';
import { openKey, Unimportable, utcMs } from '../mapping.js';
import type { HydraKind } from './kind.js';

export const keys: HydraKind = {
  name: 'keys',
  singular: 'key',
  table: 'hydra_jwk',
  key: 'pk',
  async copy(row, { into, aead, dryRun }) {
    const set = String(row.sid);
    const kid = String(row.kid);
    const jwk = openKey(row, aead);
    if (jwk.kid !== kid) throw new Unimportable(`its key data names kid "${jwk.kid}", not the row's "${kid}"`);
    if (dryRun) return (await into.hasKey(set, kid)) ? 'present' : 'copied';
    const inserted = await into.insertKey({
      sid: set,
      kid,
      keydata: aead.seal(JSON.stringify(jwk), keyAdditionalData(set, kid)),
      signing: isSigningKey(jwk) ? 1 : 0,
      created_at: utcMs(row.created_at, 'created_at'),
    });
    return inserted ? 'copied' : 'present';
  },
  id: (row) => `${String(row.sid)}/${String(row.kid)}`,
};
