/**
 * hydra_oauth2_flow: the consents given under Hydra (remembered or not, listed and revocable on
 * the admin API, and the grant every imported token belongs to), as ../consent-mapping.ts maps
 * them. A flow still in flight (rows of Hydra versions that stored them) or rejected stays
 * behind, reported with its reason; Hydra v26 keeps in-flight flows in the challenge itself,
 * never in this table.
 */
import { isForeignKeyViolation } from '../../../persistence/foreign-key-violation.js';
import { mapConsent } from '../consent-mapping.js';
import { text, Unimportable } from '../mapping.js';
import type { HydraKind } from './kind.js';

export const consents: HydraKind = {
  name: 'consents',
  singular: 'consent',
  table: 'hydra_oauth2_flow',
  key: 'login_challenge',
  async copy(row, { into, aead, dryRun }) {
    const { flow, session } = mapConsent(row, aead);
    if (dryRun) return (await into.hasFlow(flow.id)) ? 'present' : 'copied';
    try {
      return (await into.insertConsent(flow, session)) ? 'copied' : 'present';
    } catch (error) {
      // A consent dies with its client in Tessera as in Hydra (migration 20261207000100): one whose
      // client could not be copied cannot be kept either.
      if (isForeignKeyViolation(error)) throw new Unimportable(`its client ${flow.client_id} is not in Tessera (it could not be copied)`);
      throw error;
    }
  },
  id: (row) => text(row.login_challenge),
};
