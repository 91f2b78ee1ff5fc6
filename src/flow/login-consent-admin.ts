/**
 * The login/consent app's side of the state machine (flow.ts), framework-free: what
 * Hydra's consent/handler.go serves under /admin/oauth2/auth/requests/{login,consent}. Reading a
 * request whose verifier was already used answers 410 Gone with the request URL, as Hydra does;
 * accepting or rejecting twice is refused (409), unlike Hydra, so that a challenge is single use.
 */
import { RequestAlreadyUsed, errors } from '../core/errors.js';
import type { Client } from '../client/client.js';
import { clientView } from '../client/client-view.js';
import { readAcceptConsent, readAcceptLogin, readReject } from './admin-bodies.js';
import type { FlowData } from './flow-model.js';
import type { ConsentSessionRow, FlowStore } from './flow-store.js';
import { acceptConsent, acceptLogin, awaitingAnswer, consentWasUsed, loginWasUsed, moveOrRefuse, rejectConsent, rejectLogin, type Flow, type Move, type Step } from './flow.js';
import { withQuery } from '../web/url.js';
import { newStepSecret, stepHash } from './step-secret.js';

export interface RedirectTo {
  redirect_to: string;
}

export class LoginConsentAdmin {
  constructor(
    private readonly store: FlowStore,
    private readonly clients: { find(id: string): Promise<Client | undefined> },
    private readonly options: { ttlMs: number; now: () => number },
  ) {}

  async getLogin(challenge: string | undefined): Promise<Record<string, unknown>> {
    const flow = await this.findByChallenge('login', challenge);
    if (loginWasUsed(flow.state)) throw new RequestAlreadyUsed(flow.data.request.requestUrl);
    const { request } = flow.data;
    return {
      challenge: challenge!,
      requested_scope: request.scope,
      requested_access_token_audience: request.audience,
      skip: flow.data.skip,
      subject: flow.data.skip ? flow.data.rememberedSubject : '',
      oidc_context: oidcContext(flow.data),
      client: await this.client(flow.clientId),
      request_url: request.requestUrl,
      session_id: flow.data.loginSessionId,
    };
  }

  async acceptLogin(challenge: string | undefined, body: unknown): Promise<RedirectTo> {
    const flow = await this.findByChallenge('login', challenge);
    const { skip, rememberedSubject, rememberedAuthTime } = flow.data;
    const login = readAcceptLogin(body, skip ? rememberedAuthTime! : Math.floor(this.options.now() / 1000));
    // A skipped login reuses the remembered authentication: it cannot switch users (Hydra's rule).
    if (skip && login.subject !== rememberedSubject) {
      throw errors.invalidRequest.withHint("Field 'subject' does not match subject from previous authentication.");
    }
    return this.issueVerifier(flow, () => acceptLogin(flow, login), 'login', login.subject);
  }

  async rejectLogin(challenge: string | undefined, body: unknown): Promise<RedirectTo> {
    const denied = readReject(body);
    const flow = await this.findByChallenge('login', challenge);
    return this.issueVerifier(flow, () => rejectLogin(flow, denied), 'login');
  }

  async getConsent(challenge: string | undefined): Promise<Record<string, unknown>> {
    const flow = await this.findByChallenge('consent', challenge);
    if (consentWasUsed(flow.state)) throw new RequestAlreadyUsed(flow.data.request.requestUrl);
    const { request, login } = flow.data;
    return {
      challenge: challenge!,
      requested_scope: request.scope,
      requested_access_token_audience: request.audience,
      skip: flow.data.consentSkip ?? false,
      subject: login!.subject,
      oidc_context: oidcContext(flow.data),
      client: await this.client(flow.clientId),
      request_url: request.requestUrl,
      login_challenge: flow.data.loginChallenge,
      login_session_id: flow.data.loginSessionId,
      acr: login!.acr,
      amr: login!.amr,
      context: login!.context,
      consent_request_id: flow.data.consentRequestId,
    };
  }

  async acceptConsent(challenge: string | undefined, body: unknown): Promise<RedirectTo> {
    const consent = readAcceptConsent(body, Math.floor(this.options.now() / 1000));
    const flow = await this.findByChallenge('consent', challenge);
    const session = {
      flow_id: flow.id,
      consent_request_id: flow.data.consentRequestId,
      login_session_id: flow.data.loginSessionId,
      consent_skip: flow.data.consentSkip ? 1 : 0,
      // Hydra lists a consent session until remember_for lapses (its generated flow.expires_at).
      consent_expires_at: consent.remember_for > 0 ? (consent.handled_at + consent.remember_for) * 1000 : null,
    };
    return this.issueVerifier(flow, () => acceptConsent(flow, consent), 'consent', undefined, consent.remember, session);
  }

  async rejectConsent(challenge: string | undefined, body: unknown): Promise<RedirectTo> {
    const denied = readReject(body);
    const flow = await this.findByChallenge('consent', challenge);
    return this.issueVerifier(flow, () => rejectConsent(flow, denied), 'consent');
  }

  /**
   * One use of a challenge: the flow takes the answer's move and hands out the step's verifier for
   * the browser. A move the state machine refuses, or that the store's compare-and-set refuses
   * (a concurrent answer won), is a challenge already answered.
   */
  private async issueVerifier(flow: Flow, answer: () => Move, step: Step, subject?: string, consentRemember?: boolean, consentSession?: ConsentSessionRow): Promise<RedirectTo> {
    const next = moveOrRefuse(answer, alreadyHandled);
    const column = `${step}_verifier` as const;
    const verifier = newStepSecret();
    const moved = await this.store.transition(flow.id, next.transition, {
      data: next.data,
      expiresAt: this.options.now() + this.options.ttlMs,
      issue: { column, hash: stepHash(verifier) },
      subject,
      consentRemember,
      consentSession,
    });
    if (!moved) throw alreadyHandled;
    return { redirect_to: withQuery(flow.data.request.requestUrl, column, verifier) };
  }

  private async findByChallenge(step: Step, challenge: string | undefined): Promise<Flow> {
    const column = `${step}_challenge` as const;
    if (!challenge) throw errors.invalidRequest.withHint(`Query parameter '${column}' is not defined but should have been.`);
    const flow = await this.store.findBy(column, stepHash(challenge));
    if (!flow) throw errors.notFound.withHint(`The ${step} challenge does not exist.`);
    // Each step lives ttl.login_consent_request; an expired challenge is as good as unknown.
    if (awaitingAnswer(step).includes(flow.state) && flow.expiresAt <= this.options.now()) throw errors.notFound.withHint(`The ${step} challenge has expired.`);
    return flow;
  }

  private async client(id: string): Promise<Record<string, unknown>> {
    const client = await this.clients.find(id);
    if (!client) throw errors.notFound.withHint('The OAuth 2.0 Client of this request no longer exists.');
    return clientView(client);
  }
}

const alreadyHandled = errors.alreadyHandled.withHint(
  'A login or consent challenge can be accepted or rejected once only.',
);

/** The request's OpenID Connect parameters, as the login and consent requests (and the consent-session list) show them. */
export function oidcContext(data: FlowData): Record<string, unknown> {
  const { request } = data;
  const context: Record<string, unknown> = { acr_values: request.acrValues, ui_locales: request.uiLocales };
  if (request.display) context.display = request.display;
  if (request.loginHint) context.login_hint = request.loginHint;
  // Hydra omits id_token_hint_claims when empty (omitempty in flow/consent_types.go).
  if (request.idTokenHintClaims && Object.keys(request.idTokenHintClaims).length > 0) context.id_token_hint_claims = request.idTokenHintClaims;
  return context;
}
