/**
 * hydra_oauth2_flow: the consents given under Hydra (remembered or not, listed and revocable on
 * the admin API, and the grant every imported token belongs to), as ../consent-mapping.ts maps
 * them. A flow still in flight (rows of Hydra versions that stored them) or rejected stays
 * behind, reported with its reason; Hydra v26 keeps in-flight flows in the challenge itself,
 * never in this table.
 */
import { mapConsent } from '../consent-mapping.js';
import { text } from '../mapping.js';
import type { HydraKind } from './kind.js';

export const consents: HydraKind = {
  name: 'consents',
  singular: 'consent',
  table: 'hydra_oauth2_flow',
  key: 'login_challenge',
  async copy(row, { into, aead, dryRun }) {
    const { flow, session } = mapConsent(row, aead);
    if (dryRun) return (await into.hasFlow(flow.id)) ? 'present' : 'copied';
    return (await into.insertConsent(flow, session)) ? 'copied' : 'present';
  },
  id: (row) => text(row.login_challenge),
};
