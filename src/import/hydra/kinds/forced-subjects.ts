/**
 * hydra_oauth2_obfuscated_authentication_session (subject, client_id, subject_obfuscated; primary
 * key subject, client_id, nid): the `sub` a login app forced on a client with
 * `force_subject_identifier` (Hydra consent/strategy_default.go CreateForcedObfuscatedLoginSession).
 * The ID tokens and userinfo of tokens already issued carry that `sub` in their own sessions
 * (they come along with the tokens), and new logins get it again from the login app; this row is
 * what lets a client's id_token_hint naming it be recognised as the user's (Hydra
 * matchesValueFromSession; Tessera session/forced-subjects.ts), e.g. a prompt=none silent login
 * with an ID token Hydra issued. Copied as it is, into the table of the same name.
 */
import { text, Unimportable } from '../mapping.js';
import type { HydraKind } from './kind.js';

export const forcedSubjects: HydraKind = {
  name: 'forced subject identifiers',
  singular: 'forced subject identifier',
  table: 'hydra_oauth2_obfuscated_authentication_session',
  key: ['client_id', 'subject'],
  async copy(row, { into, dryRun }) {
    const [subject, clientId, obfuscated] = [text(row.subject), text(row.client_id), text(row.subject_obfuscated)];
    if (!subject || !clientId || !obfuscated) throw new Unimportable('it names no subject, client or forced identifier');
    if (dryRun) return (await into.hasForcedSubject(subject, clientId)) ? 'present' : 'copied';
    const inserted = await into.insertForcedSubject({ subject, client_id: clientId, subject_obfuscated: obfuscated });
    if (inserted === 'missing client') throw new Unimportable(`its client ${clientId} is not in Tessera's database`);
    return inserted ? 'copied' : 'present';
  },
  // The subject is a user's identifier: the report names the client and the forced value only.
  id: (row) => `of client ${text(row.client_id)} (${text(row.subject_obfuscated)})`,
};
