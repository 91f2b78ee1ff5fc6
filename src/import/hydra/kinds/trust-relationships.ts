/** hydra_oauth2_trusted_jwt_bearer_issuer, with the public key Hydra keeps for it in hydra_jwk. */
import { toRow as trustRow } from '../../../persistence/sql/trust.js';
import { mapTrust, openKey, Unimportable } from '../mapping.js';
import { keyRow } from '../reader.js';
import type { HydraKind } from './kind.js';

export const trustRelationships: HydraKind = {
  name: 'trust relationships',
  singular: 'trust relationship',
  table: 'hydra_oauth2_trusted_jwt_bearer_issuer',
  key: 'id',
  async copy(row, { source, nid, into, aead, dryRun }) {
    const keyData = await keyRow(source, nid, String(row.key_set), String(row.key_id));
    if (!keyData) throw new Unimportable(`its public key ${String(row.key_set)}/${String(row.key_id)} is missing from hydra_jwk`);
    const trust = mapTrust(row, openKey(keyData, aead));
    if (dryRun) return (await into.hasTrust(trust.id)) ? 'present' : 'copied';
    return (await into.insertTrust(trustRow(trust))) ? 'copied' : 'present';
  },
  id: (row) => String(row.id),
};
