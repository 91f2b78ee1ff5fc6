/**
 * hydra_oauth2_flow: the consents given under Hydra (remembered or not, listed and revocable on
 * the admin API, and the grant every imported token belongs to), as ../consent-mapping.ts maps
 * them. A flow still in flight (rows of Hydra versions that stored them) or rejected stays
 * behind, reported with its reason; Hydra v26 keeps in-flight flows in the challenge itself,
 * never in this table.
 *
 * Each consent also enrols its client in its login session, as Tessera's own consents do
 * (hydra_oauth2_session_client): Hydra finds the clients to notify at logout through the flows of
 * the session (ListUserAuthenticatedClientsWith{Front,Back}ChannelLogout), Tessera through these
 * rows, with the `sub` the client was given (pairwise, or forced, for a pairwise client).
 */
import { isForeignKeyViolation } from '../../../persistence/foreign-key-violation.js';
import type { SessionClientRow } from '../../../persistence/tables.js';
import { pairwiseSubject } from '../../../session/subject-identifier.js';
import { mapConsent } from '../consent-mapping.js';
import type { Client } from '../../../client/client.js';
import { mapClient, text, Unimportable } from '../mapping.js';
import { clientRow } from '../reader.js';
import type { HydraKind, ImportContext } from './kind.js';

export const consents: HydraKind = {
  name: 'consents',
  singular: 'consent',
  table: 'hydra_oauth2_flow',
  key: 'login_challenge',
  async copy(row, context) {
    const { into, aead, dryRun } = context;
    const { flow, session } = mapConsent(row, aead);
    if (dryRun) return (await into.hasFlow(flow.id)) ? 'present' : 'copied';
    try {
      return (await into.insertConsent(flow, session, await enrolment(row, context))) ? 'copied' : 'present';
    } catch (error) {
      // A consent dies with its client in Tessera as in Hydra (migration 20261207000100): one whose
      // client could not be copied cannot be kept either.
      if (isForeignKeyViolation(error)) throw new Unimportable(`its client ${flow.client_id} is not in Tessera (it could not be copied)`);
      throw error;
    }
  },
  id: (row) => text(row.login_challenge),
};

/** Each client read once per run (a client has many consents). */
const clientsOfRun = new WeakMap<ImportContext, Map<string, Promise<Client | undefined>>>();

function clientOf(context: ImportContext, clientId: string): Promise<Client | undefined> {
  let clients = clientsOfRun.get(context);
  if (!clients) clientsOfRun.set(context, (clients = new Map()));
  let client = clients.get(clientId);
  if (!client) {
    client = clientRow(context.source, context.nid, clientId).then((row) => {
      try {
        return row ? mapClient(row).client : undefined;
      } catch (error) {
        if (error instanceof Unimportable) return undefined; // reported with the clients
        throw error;
      }
    });
    clients.set(clientId, client);
  }
  return client;
}

/** The client's membership of the consent's login session, unless its `sub` cannot be known. */
async function enrolment(row: Record<string, unknown>, context: ImportContext): Promise<SessionClientRow | undefined> {
  const sid = text(row.login_session_id);
  const clientId = text(row.client_id);
  if (sid === '') return undefined;
  const base = { sid, client_id: clientId, created_at: Date.now() };
  const client = await clientOf(context, clientId);
  if (!client) return undefined;
  const { pairwiseSalt } = context;
  if (client.subject_type !== 'pairwise') return { ...base, subject: text(row.subject) };
  const forced = text(row.forced_subject_identifier);
  if (forced) return { ...base, subject: forced };
  if (!pairwiseSalt) return undefined;
  try {
    return { ...base, subject: pairwiseSubject(pairwiseSalt, text(row.subject), client) };
  } catch {
    return undefined; // a pairwise client Hydra could not have served either (no sector)
  }
}
