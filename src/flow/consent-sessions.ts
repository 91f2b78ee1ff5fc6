/**
 * Consent sessions (hydra-contract.md §3, Hydra consent/handler.go, persister_consent.go): the consents a
 * subject granted, listed in Hydra's PreviousOAuth2ConsentSession shape, and revoked.
 *
 * Listed, as Hydra's FindSubjects(Session)GrantedConsentRequests: every consent given (accepted,
 * used or about to be), remembered or not, except one that merely reused a remembered consent
 * (consent_skip) and one whose remember_for has lapsed; optionally of one login session. Pages
 * follow Hydra's keyset pagination (page_size, page_token, Link header), newest first.
 *
 * Revoked, as Hydra's revokeOAuth2ConsentSessions: exactly one of (consent_request_id), (subject and
 * client) or (subject and all=true). Revoking forgets the consent (the UI is shown again) and
 * revokes every access and refresh token its grant issued (RFC 7009 §2.1: tokens of one grant die
 * together).
 */
import type { Kysely } from 'kysely';
import type { Aead } from '../crypto/aead.js';
import { errors } from '../core/errors.js';
import type { Client } from '../client/client.js';
import { clientView } from '../client/client-view.js';
import { parsePageSize } from '../client/list-page.js';
import { PageTokens } from '../client/page-token.js';
import type { Database } from '../persistence/database.js';
import type { FlowData } from './flow-model.js';
import type { ConsentSessionRow, FlowRow } from './flow-store.js';

type Db = Kysely<{ hydra_oauth2_flow: FlowRow; hydra_oauth2_consent_session: ConsentSessionRow }>;

/** Accepted and not yet used (Hydra's consent_unused), or used: both are given consents. */
const GIVEN = ['consent_accepted', 'consent_used'];

export interface GrantRevoker {
  /** Revokes the access and refresh tokens issued under one request id. */
  revokeChain(requestId: string): Promise<void>;
}

export interface ConsentListQuery {
  subject?: string;
  loginSessionId?: string;
  pageSize?: string;
  pageToken?: string;
}

export interface ConsentPage {
  sessions: Record<string, unknown>[];
  pageSize: number;
  firstToken: string;
  nextToken?: string;
}

export interface ConsentRevocation {
  subject?: string;
  client?: string;
  consentRequestId?: string;
  all: boolean;
}

export class ConsentSessions {
  private readonly db: Db;
  private readonly tokens: PageTokens;

  constructor(
    database: Database,
    private readonly aead: Aead,
    private readonly grants: GrantRevoker,
    private readonly clients: { find(id: string): Promise<Client | undefined> },
    pagination: Aead,
    private readonly now: () => number,
  ) {
    this.db = database.db as unknown as Db;
    this.tokens = new PageTokens(pagination, now, 'tessera/admin/consent-sessions/page-token');
  }

  async list(query: ConsentListQuery): Promise<ConsentPage> {
    const { subject, loginSessionId } = query;
    if (!subject) throw errors.invalidRequest.withHint("Query parameter 'subject' is not defined but should have been.");
    const pageSize = parsePageSize(query.pageSize);
    const after = query.pageToken ? decodeCursor(this.tokens.open(query.pageToken)) : undefined;
    let select = this.sessions()
      .where('f.subject', '=', subject)
      .where('s.consent_skip', '=', 0)
      .where((eb) => eb.or([eb('s.consent_expires_at', 'is', null), eb('s.consent_expires_at', '>', this.now())]));
    if (loginSessionId) select = select.where('s.login_session_id', '=', loginSessionId);
    if (after) {
      select = select.where((eb) =>
        eb.or([eb('f.requested_at', '<', after.requestedAt), eb.and([eb('f.requested_at', '=', after.requestedAt), eb('f.id', '<', after.id)])]),
      );
    }
    // One row more than the page tells whether a next page exists without a COUNT.
    const rows = await select.orderBy('f.requested_at', 'desc').orderBy('f.id', 'desc').limit(pageSize + 1).execute();
    const shown = rows.slice(0, pageSize);
    const page: ConsentPage = {
      sessions: await Promise.all(shown.map((row) => this.view(row, this.open(row)))),
      pageSize,
      firstToken: this.tokens.seal(''),
    };
    const last = shown[shown.length - 1];
    if (rows.length > pageSize && last) page.nextToken = this.tokens.seal(`${Number(last.requested_at)}|${last.id}`);
    return page;
  }

  async revoke(request: ConsentRevocation): Promise<void> {
    const { subject, client, consentRequestId, all } = request;
    let query = this.sessions();
    if (consentRequestId && !subject && !client) {
      query = query.where('s.consent_request_id', '=', consentRequestId);
    } else if (!consentRequestId && subject && client && !all) {
      query = query.where('f.subject', '=', subject).where('f.client_id', '=', client);
    } else if (!consentRequestId && subject && !client && all) {
      query = query.where('f.subject', '=', subject);
    } else {
      throw errors.invalidRequest.withHint('Invalid combination of query parameters.');
    }
    for (const row of await query.execute()) {
      await this.db.updateTable('hydra_oauth2_flow').set({ consent_remember: 0, state: 'consent_revoked' }).where('id', '=', row.id).execute();
      await this.grants.revokeChain(this.open(row).consentRequestId);
    }
  }

  /** Given consents (flow state) with their consent-session row. */
  private sessions() {
    return this.db
      .selectFrom('hydra_oauth2_flow as f')
      .innerJoin('hydra_oauth2_consent_session as s', 's.flow_id', 'f.id')
      .selectAll('f')
      .where('f.state', 'in', GIVEN);
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

/** The keyset cursor `<requested_at>|<id>` of the last row shown; '' (the first page) is none. */
function decodeCursor(value: string): { requestedAt: number; id: string } | undefined {
  if (value === '') return undefined;
  const bar = value.indexOf('|');
  const requestedAt = Number(value.slice(0, bar));
  if (bar < 0 || !Number.isFinite(requestedAt)) throw errors.invalidRequest.withHint('The page_token is not valid; use a token from the Link header of a previous page.');
  return { requestedAt, id: value.slice(bar + 1) };
}
