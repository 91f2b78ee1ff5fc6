/**
 * The login/consent app's side of the state machine (flow-states.ts), framework-free: what
 * Hydra's consent/handler.go serves under /admin/oauth2/auth/requests/{login,consent}. Reading a
 * request whose verifier was already used answers 410 Gone with the request URL, as Hydra does;
 * accepting or rejecting twice is refused (409), unlike Hydra, so that a challenge is single use.
 */
import { RequestAlreadyUsed, errors } from '../core/errors.js';
import type { Client } from '../client/client.js';
import { clientView } from '../client/client-view.js';
import { readAcceptConsent, readAcceptLogin, readReject } from './admin-bodies.js';
import type { FlowData } from './flow-model.js';
import type { ConsentSessionRow, FlowRecord, FlowStore } from './flow-store.js';
import { consentWasUsed, loginWasUsed, type Transition } from './flow-states.js';
import { withQuery } from './flow-service.js';
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
    const flow = await this.load('login_challenge', challenge);
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
    const flow = await this.load('login_challenge', challenge);
    const { skip, rememberedSubject, rememberedAuthTime } = flow.data;
    const login = readAcceptLogin(body, skip ? rememberedAuthTime! : Math.floor(this.options.now() / 1000));
    // A skipped login reuses the remembered authentication: it cannot switch users (Hydra's rule).
    if (skip && login.subject !== rememberedSubject) {
      throw errors.invalidRequest.withHint("Field 'subject' does not match subject from previous authentication.");
    }
    return this.hand(flow, 'acceptLogin', { ...flow.data, login }, 'login_verifier', login.subject);
  }

  async rejectLogin(challenge: string | undefined, body: unknown): Promise<RedirectTo> {
    const denied = readReject(body);
    const flow = await this.load('login_challenge', challenge);
    return this.hand(flow, 'rejectLogin', { ...flow.data, denied }, 'login_verifier');
  }

  async getConsent(challenge: string | undefined): Promise<Record<string, unknown>> {
    const flow = await this.load('consent_challenge', challenge);
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
    const flow = await this.load('consent_challenge', challenge);
    const session = {
      flow_id: flow.id,
      consent_request_id: flow.data.consentRequestId,
      login_session_id: flow.data.loginSessionId,
      consent_skip: flow.data.consentSkip ? 1 : 0,
      // Hydra lists a consent session until remember_for lapses (its generated flow.expires_at).
      consent_expires_at: consent.remember_for > 0 ? (consent.handled_at + consent.remember_for) * 1000 : null,
    };
    return this.hand(flow, 'acceptConsent', { ...flow.data, consent }, 'consent_verifier', undefined, consent.remember, session);
  }

  async rejectConsent(challenge: string | undefined, body: unknown): Promise<RedirectTo> {
    const denied = readReject(body);
    const flow = await this.load('consent_challenge', challenge);
    return this.hand(flow, 'rejectConsent', { ...flow.data, denied }, 'consent_verifier');
  }

  /** One use of a challenge: the flow moves on and hands out the verifier for the browser. */
  private async hand(flow: FlowRecord, transition: Transition, data: FlowData, column: 'login_verifier' | 'consent_verifier', subject?: string, consentRemember?: boolean, consentSession?: ConsentSessionRow): Promise<RedirectTo> {
    const verifier = newStepSecret();
    const moved = await this.store.transition(flow.id, transition, {
      data,
      expiresAt: this.options.now() + this.options.ttlMs,
      issue: { column, hash: stepHash(verifier) },
      subject,
      consentRemember,
      consentSession,
    });
    if (!moved) throw alreadyHandled;
    return { redirect_to: withQuery(flow.data.request.requestUrl, column, verifier) };
  }

  private async load(column: 'login_challenge' | 'consent_challenge', challenge: string | undefined): Promise<FlowRecord> {
    const name = column === 'login_challenge' ? 'login_challenge' : 'consent_challenge';
    if (!challenge) throw errors.invalidRequest.withHint(`Query parameter '${name}' is not defined but should have been.`);
    const flow = await this.store.findBy(column, stepHash(challenge));
    if (!flow) throw errors.notFound.withHint(`The ${name.replace('_', ' ')} does not exist.`);
    const waiting = column === 'login_challenge' ? flow.state === 'login_initialized' : flow.state === 'consent_initialized';
    // Each step lives ttl.login_consent_request; an expired challenge is as good as unknown.
    if (waiting && flow.expiresAt <= this.options.now()) throw errors.notFound.withHint(`The ${name.replace('_', ' ')} has expired.`);
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

function oidcContext(data: FlowData): Record<string, unknown> {
  const { request } = data;
  const context: Record<string, unknown> = { acr_values: request.acrValues, ui_locales: request.uiLocales };
  if (request.display) context.display = request.display;
  if (request.loginHint) context.login_hint = request.loginHint;
  // Hydra omits id_token_hint_claims when empty (omitempty in flow/consent_types.go).
  if (request.idTokenHintClaims && Object.keys(request.idTokenHintClaims).length > 0) context.id_token_hint_claims = request.idTokenHintClaims;
  return context;
}
