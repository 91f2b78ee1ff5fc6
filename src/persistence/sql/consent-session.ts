/**
 * ConsentSessionStore on hydra_oauth2_flow joined with hydra_oauth2_consent_session (migration
 * 20261123000060): a consent session is a given consent's flow and its index entry. Pages are
 * Hydra's keyset pagination on (requested_at, id), newest first.
 */
import type { Aead } from '../../crypto/aead.js';
import type { ConsentFilter, ConsentSessionStore, GivenConsent } from '../../session/consent-sessions.js';
import type { FlowData } from '../../flow/flow-model.js';
import type { Executor, FlowRow } from '../tables.js';

/** Accepted and not yet used (Hydra's consent_unused), or used: both are given consents. */
const GIVEN = ['consent_accepted', 'consent_used'];

export class SqlConsentSessionStore implements ConsentSessionStore {
  constructor(
    private readonly database: Executor,
    private readonly aead: Aead,
  ) {}

  async list(query: Parameters<ConsentSessionStore['list']>[0]): Promise<GivenConsent[]> {
    const { after } = query;
    let select = this.sessions()
      .where('f.subject', '=', query.subject)
      .where('s.consent_skip', '=', 0)
      .where((eb) => eb.or([eb('s.consent_expires_at', 'is', null), eb('s.consent_expires_at', '>', query.now)]));
    if (query.loginSessionId) select = select.where('s.login_session_id', '=', query.loginSessionId);
    if (after) {
      select = select.where((eb) =>
        eb.or([eb('f.requested_at', '<', after.requestedAt), eb.and([eb('f.requested_at', '=', after.requestedAt), eb('f.id', '<', after.id)])]),
      );
    }
    const rows = await select.orderBy('f.requested_at', 'desc').orderBy('f.id', 'desc').limit(query.limit).execute();
    return rows.map((row) => this.given(row));
  }

  async find(filter: ConsentFilter): Promise<GivenConsent[]> {
    let query = this.sessions();
    if ('consentRequestId' in filter) {
      query = query.where('s.consent_request_id', '=', filter.consentRequestId);
    } else {
      query = query.where('f.subject', '=', filter.subject);
      if (filter.clientId !== undefined) query = query.where('f.client_id', '=', filter.clientId);
    }
    const rows = await query.execute();
    return rows.map((row) => this.given(row));
  }

  async forget(flowId: string): Promise<void> {
    await this.database.db.updateTable('hydra_oauth2_flow').set({ consent_remember: 0, state: 'consent_revoked' }).where('id', '=', flowId).execute();
  }

  /** Given consents (flow state) with their consent-session row. */
  private sessions() {
    return this.database.db
      .selectFrom('hydra_oauth2_flow as f')
      .innerJoin('hydra_oauth2_consent_session as s', 's.flow_id', 'f.id')
      .selectAll('f')
      .where('f.state', 'in', GIVEN);
  }

  private given(row: FlowRow): GivenConsent {
    return {
      id: row.id,
      clientId: row.client_id,
      requestedAt: Number(row.requested_at),
      data: JSON.parse(this.aead.openText(row.data, `flow:${row.id}`)) as FlowData,
    };
  }
}
