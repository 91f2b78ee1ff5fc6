/**
 * The browser's side of the state machine (flow.ts), framework-free: start a flow at
 * /oauth2/auth, then come back with the login verifier, then with the consent verifier. The first
 * two steps answer where to send the user agent and which cookies to set; the last answers the
 * consented grant and the step that uses the verifier up, which the authorization endpoint takes
 * in the transaction that stores its response (issue-response.ts).
 * A refusal is an OAuthError that the endpoint returns to the client by redirect.
 */
import { randomUUID } from 'node:crypto';
import { errors, relayedDenial } from '../core/errors.js';
import type { AuthorizeRequest, ConsentedGrant, FlowData, LoginResult } from './flow-model.js';
import type { FlowCookies, CsrfKind } from './flow-cookies.js';
import type { LoginSessionCookie, RememberedLogin } from './login-session-cookie.js';
import { canSkipLogin, rememberedConsent } from './remembered.js';
import type { FlowStore, IdentityProviderSessionChange, TransitionChange } from './flow-store.js';
import type { CodeRow } from '../persistence/tables.js';
import { awaitingVerifier, moveOrRefuse, newFlow, useConsent, useConsentError, useLogin, useLoginError, type Flow, type Move, type Step } from './flow.js';
import { newStepSecret, stepHash } from './step-secret.js';
import { checkHintSubject } from './hint-subject.js';
import type { ForcedSubjectStore } from '../session/forced-subjects.js';
import { withQuery } from '../web/url.js';
import type { SubjectClient } from '../session/subject-identifier.js';
import type { Client } from '../client/client.js';

/** The client of a login verifier's hop, as the endpoint already read it (never read again here). */
export type VerifyingClient = SubjectClient & Pick<Client, 'token_endpoint_auth_method'>;

export interface StepOutcome {
  location: string;
  cookies: string[];
}

/** What the consent verifier yields: the consented grant, and the request it answers. */
export type ConsentOutcome = ConsentedGrant & { state?: string; request: AuthorizeRequest; requestId: string };

/**
 * A consent verifier that passed every check but is not used up yet: the grant it yields, and
 * the step that uses it (useConsent, a compare-and-set in the store). The caller takes the step
 * in the transaction that stores what the grant issues (issue-response.ts): the verifier is used
 * if and only if the code and tokens are stored, never burnt by a write that failed after it.
 */
export interface ConsentUse {
  outcome: ConsentOutcome;
  /**
   * Takes the step in `flows` (a transaction's store). Refused with access_denied ("already been
   * used"), having changed nothing, when another use of the verifier took it first.
   */
  take(flows: FlowStore): Promise<void>;
  /**
   * Takes the step with the code it issues, both or neither, in the service's own store (no
   * transaction of the caller's: the store makes the pair atomic, in one statement where it can).
   * Refused as take is.
   */
  takeWithCode(code: CodeRow): Promise<void>;
}

export interface FlowUrls {
  login: string;
  consent: string;
  /** urls.registration, where prompt=registration sends the user; urls.login when unset (Hydra RegistrationURL). */
  registration?: string;
}

export class FlowService {
  constructor(
    private readonly store: FlowStore,
    private readonly cookies: FlowCookies,
    private readonly sessions: LoginSessionCookie,
    private readonly urls: FlowUrls,
    private readonly options: {
      ttlMs: number;
      now: () => number;
      revoked?: (login: RememberedLogin) => Promise<boolean>;
      /** OIDC Core §8: the client's view of the subject (pairwise or forced); the subject itself when absent. */
      subjectIdentifier?: (client: string | SubjectClient, subject: string, forced: string) => Promise<string>;
      /** Records that the client now holds tokens of this login session (front/back-channel logout). */
      joinSession?: (session: { sid: string; clientId: string; subject: string }) => Promise<void>;
      /** The `sub` a login app forced on a client, remembered so that an id_token_hint naming it is recognised (Hydra). */
      forcedSubjects?: ForcedSubjectStore;
      /** A login Hydra remembered, named by Hydra's own cookie (imported-login-sessions.ts); read when Tessera's cookie names none. */
      importedLogin?: (cookieHeader: string | undefined, now: number) => Promise<RememberedLogin | undefined>;
    },
  ) {}

  async start(request: AuthorizeRequest, cookieHeader: string | undefined): Promise<StepOutcome> {
    const now = this.options.now();
    const cookie = await this.rememberedLogin(cookieHeader, now);
    // A login session revoked through the admin API (login-revocations.ts) is no session.
    const remembered = cookie && !(await this.options.revoked?.(cookie)) ? cookie : undefined;
    const skip = canSkipLogin(request, remembered, now);
    if (skip) checkHintSubject(request, await this.namesOf(request.clientId, remembered.subject));
    // OIDC Core §3.1.2.1 / §3.1.2.6: prompt=none needs a login that can be reused as it is.
    if (request.prompt.includes('none') && !skip) {
      throw errors.loginRequired.withHint("Prompt 'none' was requested, but no existing login session was found.");
    }
    const challenge = newStepSecret();
    const data: FlowData = {
      request,
      loginChallenge: challenge,
      loginCsrf: newStepSecret(),
      loginSessionId: skip ? remembered.sid : randomUUID(),
      consentRequestId: randomUUID().replace(/-/g, ''),
      skip,
      ...(skip ? { rememberedSubject: remembered.subject, rememberedAuthTime: remembered.authTime } : {}),
    };
    const flow = newFlow({ id: randomUUID(), clientId: request.clientId, requestedAt: now, expiresAt: now + this.options.ttlMs, data });
    await this.store.create(flow, stepHash(challenge));
    return {
      location: withQuery(this.loginUrlFor(request), 'login_challenge', challenge),
      cookies: [this.cookies.set('login', request.clientId, data.loginCsrf, this.options.ttlMs)],
    };
  }

  /** Tessera's own remembered-login cookie, else Hydra's for an imported session (issue 13). */
  private async rememberedLogin(cookieHeader: string | undefined, now: number): Promise<RememberedLogin | undefined> {
    return this.sessions.read(cookieHeader, now) ?? (await this.options.importedLogin?.(cookieHeader, now));
  }

  /**
   * OIDC Core §3.1.2.1 leaves prompt values beyond its four to extensions; Hydra (consent
   * strategy_default.go forwardAuthenticationRequest) sends prompt=registration to the
   * registration UI with the same login challenge, so that the app signs a new user up and then
   * accepts the login request as usual.
   */
  private loginUrlFor(request: AuthorizeRequest): string {
    return request.prompt.includes('registration') ? (this.urls.registration ?? this.urls.login) : this.urls.login;
  }

  async useLoginVerifier(verifier: string, client: VerifyingClient, cookieHeader: string | undefined): Promise<StepOutcome> {
    const flow = await this.findAwaitingVerifier('login', verifier, client.client_id);
    const isPublic = client.token_endpoint_auth_method === 'none';
    this.checkCsrf(cookieHeader, 'login', flow, flow.data.loginCsrf);
    if (flow.state === 'login_rejected') return this.relayDenial(flow, useLoginError, 'login');
    const { request, login } = flow.data;
    const now = this.options.now();
    const remembered = rememberedConsent(request, isPublic, await this.store.rememberedConsents(login!.subject, flow.clientId), now);
    if (request.prompt.includes('none') && !remembered) {
      throw errors.consentRequired.withHint("Prompt 'none' was requested, but no previous consent was found.");
    }
    // Hydra derives it here (verifyAuthentication), so a misconfigured pairwise client fails before consent.
    const subjectIdentifier = await this.options.subjectIdentifier?.(client, login!.subject, login!.force_subject_identifier);
    // Hydra records a forced identifier at this point too (strategy_default.go verifyAuthentication);
    // only one that became the client's `sub` (a pairwise client's) is worth recognising in a hint.
    const forced = login!.force_subject_identifier;
    if (forced && subjectIdentifier === forced) {
      await this.options.forcedSubjects?.remember({ subject: login!.subject, clientId: flow.clientId, obfuscated: forced });
    }
    const challenge = newStepSecret();
    const consentCsrf = newStepSecret();
    const next = this.guard(() => useLogin(flow, { consentChallenge: challenge, consentCsrf, consentSkip: remembered !== undefined, subjectIdentifier }), 'login');
    const session = await this.loginSessionCookie(flow, login!, cookieHeader, now);
    await this.advance(flow, next, { column: 'consent_challenge', hash: stepHash(challenge) }, 'login', this.store, session.identityProviderSession);
    const cookies = [this.cookies.set('consent', flow.clientId, consentCsrf, this.options.ttlMs)];
    if (session.cookie) cookies.push(session.cookie);
    return { location: withQuery(this.urls.consent, 'consent_challenge', challenge), cookies };
  }

  /**
   * What the used login does to the remembered-login cookie, as Hydra's verifyAuthentication:
   * - a new login with remember sets it for a new session (and keeps its identity provider
   *   session, if the app named one, for the logout: session/identity-provider-logout.ts);
   * - a new login without remember clears it;
   * - a skipped login leaves it as it is, unless accepted with extend_session_lifespan (Hydra
   *   forces remember on a skipped login), which sets it again for remember_for (or
   *   ttl.authentication_session) from now: same session, same subject and auth_time, so that
   *   prompt=none keeps working for as long as the user keeps coming back. The field is ignored
   *   on a login that was not skipped, whose cookie is set anew anyway. Tessera extends only the
   *   cookie that still names this flow's session and that no revocation covers now (Hydra
   *   writes the flow's sid into whatever cookie the browser holds).
   */
  private async loginSessionCookie(flow: Flow, login: LoginResult, cookieHeader: string | undefined, now: number): Promise<{ cookie?: string; identityProviderSession?: IdentityProviderSessionChange }> {
    const sid = flow.data.loginSessionId;
    if (!flow.data.skip) {
      if (!login.remember) return { cookie: this.sessions.clear() };
      const cookie = this.sessions.set({ sid, subject: login.subject, authTime: login.authenticated_at }, login.remember_for, now);
      const identityProviderSessionId = login.identity_provider_session_id ?? '';
      if (identityProviderSessionId === '') return { cookie };
      const expiresAt = this.sessions.expiryOf(login.remember_for, now);
      return { cookie, identityProviderSession: { remember: { sid, subject: login.subject, identityProviderSessionId, expiresAt } } };
    }
    if (!login.extend_session_lifespan) return {};
    const current = await this.rememberedLogin(cookieHeader, now);
    if (!current || current.sid !== sid || current.subject !== login.subject || (await this.options.revoked?.(current))) return {};
    const cookie = this.sessions.set({ sid, subject: current.subject, authTime: current.authTime }, login.remember_for, now);
    return { cookie, identityProviderSession: { extend: { sid, expiresAt: this.sessions.expiryOf(login.remember_for, now) } } };
  }

  /**
   * Checks the consent verifier; the step that uses it is the caller's to take (ConsentUse). A
   * rejected consent ends the flow here, on its own: nothing is issued with it.
   */
  async useConsentVerifier(verifier: string, clientId: string, cookieHeader: string | undefined): Promise<ConsentUse> {
    const flow = await this.findAwaitingVerifier('consent', verifier, clientId);
    this.checkCsrf(cookieHeader, 'consent', flow, flow.data.consentCsrf ?? '');
    if (flow.state === 'consent_rejected') return this.relayDenial(flow, useConsentError, 'consent');
    const next = this.guard(() => useConsent(flow), 'consent');
    const { request, login, consent } = flow.data;
    const session: ConsentedGrant = {
      redirectUri: request.redirectUri,
      redirectUriSent: request.redirectUriSent,
      // Hydra: tokens carry the local subject; only the ID token and userinfo the client's view of it.
      subject: login!.subject,
      idTokenSubject: flow.data.subjectIdentifier ?? login!.subject,
      scope: consent!.grant_scope,
      audience: consent!.grant_access_token_audience,
      ext: consent!.session.access_token,
      idTokenClaims: consent!.session.id_token,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      authTime: login!.authenticated_at,
      acr: login!.acr,
      amr: login!.amr,
      sid: flow.data.loginSessionId,
    };
    // Every response type makes the client one of the session's RPs, notified at logout; the
    // subject recorded is the one its ID token carries (the logout token's sub). Enrolled before
    // anything is issued, as before the transaction existed: a failure here issues nothing, and
    // an enrolment whose issuance then fails only means one notification too many at logout.
    // It stays outside the transaction: the session-client table is logout's, not the grant's.
    await this.options.joinSession?.({ sid: session.sid, clientId: flow.clientId, subject: session.idTokenSubject ?? session.subject });
    return {
      outcome: { ...session, state: request.state, request, requestId: flow.data.consentRequestId },
      take: (flows) => this.advance(flow, next, undefined, 'consent', flows),
      takeWithCode: (code) => this.advance(flow, next, undefined, 'consent', this.store, undefined, code),
    };
  }

  /**
   * The request and state of the flow a verifier belongs to, whatever its state; undefined for an
   * unknown verifier. RFC 8628: the device verification page finishes only the flows it started,
   * and records a refused login or consent against the device authorization they were for.
   */
  async requestOf(step: Step, verifier: string): Promise<{ request: AuthorizeRequest; state: Flow['state'] } | undefined> {
    const flow = await this.store.findBy(`${step}_verifier`, stepHash(verifier));
    return flow ? { request: flow.data.request, state: flow.state } : undefined;
  }

  /**
   * The subjects that name this user to this client: local, pairwise when the client is, and the
   * one a login app forced on it (Hydra matchesValueFromSession), if any.
   */
  private async namesOf(clientId: string, subject: string): Promise<string[]> {
    const names = [subject];
    const pairwise = await this.options.subjectIdentifier?.(clientId, subject, '').catch(() => undefined);
    if (pairwise !== undefined && pairwise !== subject) names.push(pairwise);
    const forced = await this.options.forcedSubjects?.find(clientId, subject);
    if (forced) names.push(forced);
    return names;
  }

  /** The flow whose verifier this is, if it can be used; else Hydra's answer to an unknown, used or foreign verifier (consent/strategy_default.go). */
  private async findAwaitingVerifier(step: Step, verifier: string, clientId: string): Promise<Flow> {
    const flow = await this.store.findBy(`${step}_verifier`, stepHash(verifier));
    if (!flow || !awaitingVerifier(step).includes(flow.state) || flow.expiresAt <= this.options.now() || flow.clientId !== clientId) {
      throw errors.accessDenied.withHint(`The ${step} verifier has already been used, has not been granted, or is invalid.`);
    }
    return flow;
  }

  private checkCsrf(header: string | undefined, kind: CsrfKind, flow: Flow, expected: string): void {
    const result = this.cookies.matches(header, kind, flow.clientId, expected);
    if (result === 'missing') throw errors.requestForbidden.withHint('No CSRF value available in the session cookie.');
    if (result === 'mismatch') throw errors.requestForbidden.withHint('The CSRF value from the token does not match the CSRF value from the data store.');
  }

  /** A rejected step: the flow ends, and the client is told what the app refused with. */
  private async relayDenial(flow: Flow, end: (flow: Flow) => Move, step: Step): Promise<never> {
    await this.advance(flow, this.guard(() => end(flow), step), undefined, step);
    throw relayedDenial(flow.data.denied!);
  }

  /** A move the state machine refuses is a verifier already used, like a lost race in advance(). */
  private guard(build: () => Move, step: Step): Move {
    return moveOrRefuse(build, alreadyUsed(step));
  }

  /**
   * Takes the move in the store (this service's, or a transaction's), which refuses it unless the
   * flow is still where it was read.
   */
  private async advance(
    flow: Flow,
    next: Move,
    issue: TransitionChange['issue'],
    step: Step,
    store: FlowStore = this.store,
    identityProviderSession?: IdentityProviderSessionChange,
    code?: CodeRow,
  ): Promise<void> {
    const change: TransitionChange = { data: next.data, expiresAt: this.options.now() + this.options.ttlMs, issue };
    if (identityProviderSession) change.identityProviderSession = identityProviderSession;
    if (code) change.code = code;
    const moved = await store.transition(flow.id, next.transition, change);
    // Lost a race with another use of the same verifier: single use means this one fails.
    if (!moved) throw alreadyUsed(step);
  }
}

const alreadyUsed = (step: Step) => errors.accessDenied.withHint(`The ${step} verifier has already been used.`);
