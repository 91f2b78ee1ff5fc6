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
import type { Aead } from '../crypto/aead.js';
import { errors } from '../core/errors.js';
import type { Client } from '../client/client.js';
import { clientView } from '../client/client-view.js';
import { parsePageSize } from '../client/list-page.js';
import { PageTokens } from '../client/page-token.js';
import type { FlowData } from '../flow/flow-model.js';
import { oidcContext } from '../flow/login-consent-admin.js';

/** A consent given: a flow accepted and not yet used (Hydra's consent_unused), or used. */
export interface GivenConsent {
  id: string;
  clientId: string;
  requestedAt: number;
  data: FlowData;
}

/** Which consents a revocation takes: one by its request id, or a subject's (with one client's). */
export type ConsentFilter = { consentRequestId: string } | { subject: string; clientId?: string };

/**
 * The contract (SQL: persistence/sql/consent-session.ts):
 * - Only given consents that have a consent-session entry are found, never a flow in another state.
 * - `list` leaves out consents that merely reused a remembered one (consent_skip) and those whose
 *   remember_for lapsed before `now`; it answers newest first, (requestedAt, id) descending, the
 *   page starting strictly after `after`, at most `limit` entries.
 * - `forget` turns the flow into a revoked consent that is no longer remembered and no longer found.
 */
export interface ConsentSessionStore {
  list(query: { subject: string; loginSessionId?: string; now: number; after?: { requestedAt: number; id: string }; limit: number }): Promise<GivenConsent[]>;
  find(filter: ConsentFilter): Promise<GivenConsent[]>;
  forget(flowId: string): Promise<void>;
}

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
  private readonly tokens: PageTokens;

  constructor(
    private readonly store: ConsentSessionStore,
    private readonly grants: GrantRevoker,
    private readonly clients: { find(id: string): Promise<Client | undefined> },
    pagination: Aead,
    private readonly now: () => number,
  ) {
    this.tokens = new PageTokens(pagination, now, 'tessera/admin/consent-sessions/page-token');
  }

  async list(query: ConsentListQuery): Promise<ConsentPage> {
    const { subject, loginSessionId } = query;
    if (!subject) throw errors.invalidRequest.withHint("Query parameter 'subject' is not defined but should have been.");
    const pageSize = parsePageSize(query.pageSize);
    const after = query.pageToken ? decodeCursor(this.tokens.open(query.pageToken)) : undefined;
    // One row more than the page tells whether a next page exists without a COUNT.
    const rows = await this.store.list({ subject, ...(loginSessionId ? { loginSessionId } : {}), now: this.now(), ...(after ? { after } : {}), limit: pageSize + 1 });
    const shown = rows.slice(0, pageSize);
    const page: ConsentPage = {
      sessions: await Promise.all(shown.map((given) => this.view(given))),
      pageSize,
      firstToken: this.tokens.seal(''),
    };
    const last = shown[shown.length - 1];
    if (rows.length > pageSize && last) page.nextToken = this.tokens.seal(`${last.requestedAt}|${last.id}`);
    return page;
  }

  async revoke(request: ConsentRevocation): Promise<void> {
    const { subject, client, consentRequestId, all } = request;
    let filter: ConsentFilter;
    if (consentRequestId && !subject && !client) {
      filter = { consentRequestId };
    } else if (!consentRequestId && subject && client && !all) {
      filter = { subject, clientId: client };
    } else if (!consentRequestId && subject && !client && all) {
      filter = { subject };
    } else {
      throw errors.invalidRequest.withHint('Invalid combination of query parameters.');
    }
    for (const given of await this.store.find(filter)) {
      await this.store.forget(given.id);
      await this.grants.revokeChain(given.data.consentRequestId);
    }
  }

  private async view({ clientId, data }: GivenConsent): Promise<Record<string, unknown>> {
    const { request, login, consent } = data;
    const client = await this.clients.find(clientId);
    return {
      consent_request_id: data.consentRequestId,
      consent_request: {
        // Hydra v26 lists it without a challenge ("no longer available and no longer needed"):
        // the consent challenge was single use, and consent_request_id names the request.
        challenge: '',
        consent_request_id: data.consentRequestId,
        requested_scope: request.scope,
        requested_access_token_audience: request.audience,
        skip: data.consentSkip ?? false,
        subject: login!.subject,
        // Hydra's ToListConsentSessionResponse shows the consent request as GetConsentRequest
        // does: with the OpenID Connect context and the login challenge of the flow.
        oidc_context: oidcContext(data),
        client: client ? clientView(client) : null,
        request_url: request.requestUrl,
        login_challenge: data.loginChallenge,
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
