/** hydra_client: every field, secret hashes verbatim (mapping.ts says why), rotated secrets when the release has them. */
import { toRow as clientRow } from '../../../client/client-row.js';
import { mapClient } from '../mapping.js';
import type { HydraKind } from './kind.js';

export const clients: HydraKind = {
  name: 'clients',
  singular: 'client',
  table: 'hydra_client',
  key: 'id',
  async copy(row, { into, dryRun }) {
    const { client, secretHash, rotatedSecretHashes } = mapClient(row);
    if (dryRun) return (await into.hasClient(client.client_id)) ? 'present' : 'copied';
    const stored = {
      ...clientRow(client, secretHash),
      rotated_secrets: rotatedSecretHashes.length > 0 ? JSON.stringify(rotatedSecretHashes) : null,
    };
    return (await into.insertClient(stored)) ? 'copied' : 'present';
  },
  id: (row) => String(row.id),
};
