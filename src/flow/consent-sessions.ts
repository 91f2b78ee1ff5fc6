/**
 * Consent sessions (contract §3, Hydra consent/handler.go): the consents a subject granted,
 * listed in Hydra's PreviousOAuth2ConsentSession shape, and revoked per client or all at once.
 * Revoking forgets the remembered consent (the consent UI is shown again) and revokes every
 * access and refresh token its grant issued (RFC 7009 §2.1: tokens of one grant die together).
 */
import type { Kysely } from 'kysely';
import type { Aead } from '../crypto/aead.js';
import { errors } from '../core/errors.js';
import type { Client } from '../client/client.js';
import { clientView } from '../client/client-view.js';
import type { Database } from '../persistence/database.js';
import type { FlowData } from './flow-model.js';
import type { FlowRow } from './flow-store.js';

type Db = Kysely<{ hydra_oauth2_flow: FlowRow }>;

export interface GrantRevoker {
  /** Revokes the access and refresh tokens issued under one request id. */
  revokeChain(requestId: string): Promise<void>;
}

export class ConsentSessions {
  private readonly db: Db;

  constructor(
    database: Database,
    private readonly aead: Aead,
    private readonly grants: GrantRevoker,
    private readonly clients: { find(id: string): Promise<Client | undefined> },
  ) {
    this.db = database.db as unknown as Db;
  }

  /** Hydra lists the remembered consents only, newest first. */
  async list(subject: string | undefined): Promise<Record<string, unknown>[]> {
    if (!subject) throw errors.invalidRequest.withHint("Query parameter 'subject' is not defined but should have been.");
    const rows = await this.granted(subject, undefined).where('consent_remember', '=', 1).orderBy('requested_at', 'desc').execute();
    return Promise.all(rows.map(async (row) => this.view(row, this.open(row))));
  }

  /** Hydra requires `client` or `all=true`: a bare subject is refused, never read as "all". */
  async revoke(subject: string | undefined, clientId: string | undefined, all: boolean): Promise<void> {
    if (!subject) throw errors.invalidRequest.withHint("Query parameter 'subject' is not defined but should have been.");
    if (!clientId && !all) throw errors.invalidRequest.withHint("Query parameter 'client' or 'all=true' must be set.");
    const rows = await this.granted(subject, clientId).execute();
    for (const row of rows) {
      await this.db.updateTable('hydra_oauth2_flow').set({ consent_remember: 0, state: 'consent_revoked' }).where('id', '=', row.id).execute();
      await this.grants.revokeChain(this.open(row).consentRequestId);
    }
  }

  private granted(subject: string, clientId: string | undefined) {
    let query = this.db.selectFrom('hydra_oauth2_flow').selectAll().where('subject', '=', subject).where('state', '=', 'consent_used');
    if (clientId) query = query.where('client_id', '=', clientId);
    return query;
  }

  private open(row: FlowRow): FlowData {
    return JSON.parse(this.aead.openText(row.data, `flow:${row.id}`)) as FlowData;
  }

  private async view(row: FlowRow, data: FlowData): Promise<Record<string, unknown>> {
    const { request, login, consent } = data;
    const client = await this.clients.find(row.client_id);
    return {
      consent_request_id: data.consentRequestId,
      consent_request: {
        challenge: data.consentRequestId,
        consent_request_id: data.consentRequestId,
        requested_scope: request.scope,
        requested_access_token_audience: request.audience,
        skip: data.consentSkip ?? false,
        subject: login!.subject,
        client: client ? clientView(client) : null,
        request_url: request.requestUrl,
        login_session_id: data.loginSessionId,
        acr: login!.acr,
        amr: login!.amr,
        context: login!.context,
      },
      grant_scope: consent!.grant_scope,
      grant_access_token_audience: consent!.grant_access_token_audience,
      session: consent!.session,
      remember: consent!.remember,
      remember_for: consent!.remember_for,
      handled_at: new Date(consent!.handled_at * 1000).toISOString(),
      context: consent!.context,
    };
  }
}
