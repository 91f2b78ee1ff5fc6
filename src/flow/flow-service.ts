/**
 * The browser's side of the state machine (flow-states.ts), framework-free: start a flow at
 * /oauth2/auth, then come back with the login verifier, then with the consent verifier. Each step
 * answers where to send the user agent and which cookies to set, or throws an OAuthError that the
 * authorization endpoint returns to the client by redirect.
 */
import { randomUUID } from 'node:crypto';
import { errors, relayedDenial } from '../core/errors.js';
import type { CodeSession } from '../oauth2/code/code-store.js';
import type { AuthorizeRequest, FlowData } from './flow-model.js';
import type { FlowCookies, CsrfKind } from './flow-cookies.js';
import type { LoginSessionCookie, RememberedLogin } from './login-session-cookie.js';
import { canSkipLogin, rememberedConsent } from './remembered.js';
import type { FlowRecord, FlowStore, StepSecret } from './flow-store.js';
import type { Transition } from './flow-states.js';
import { newStepSecret, stepHash } from './step-secret.js';
import { checkHintSubject } from './hint-subject.js';

export interface StepOutcome {
  location: string;
  cookies: string[];
}

/** What the consent verifier yields: the grant, a code when the response type has one, and the request. */
export type ConsentOutcome = CodeSession & { code?: string; state?: string; request: AuthorizeRequest; requestId: string };

export interface CodeIssuer {
  issue(requestId: string, clientId: string, session: CodeSession): Promise<string>;
}

export interface FlowUrls {
  login: string;
  consent: string;
}

export class FlowService {
  constructor(
    private readonly store: FlowStore,
    private readonly cookies: FlowCookies,
    private readonly sessions: LoginSessionCookie,
    private readonly codes: CodeIssuer,
    private readonly urls: FlowUrls,
    private readonly options: {
      ttlMs: number;
      now: () => number;
      revoked?: (login: RememberedLogin) => Promise<boolean>;
      /** OIDC Core §8: the client's view of the subject (pairwise or forced); the subject itself when absent. */
      subjectIdentifier?: (clientId: string, subject: string, forced: string) => Promise<string>;
      /** Records that the client now holds tokens of this login session (front/back-channel logout). */
      joinSession?: (session: { sid: string; clientId: string; subject: string }) => Promise<void>;
    },
  ) {}

  async start(request: AuthorizeRequest, cookieHeader: string | undefined): Promise<StepOutcome> {
    const now = this.options.now();
    const cookie = this.sessions.read(cookieHeader, now);
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
    const record: FlowRecord = { id: randomUUID(), state: 'login_initialized', clientId: request.clientId, requestedAt: now, expiresAt: now + this.options.ttlMs, data };
    await this.store.create(record, stepHash(challenge));
    return {
      location: withQuery(this.urls.login, 'login_challenge', challenge),
      cookies: [this.cookies.set('login', request.clientId, data.loginCsrf, this.options.ttlMs)],
    };
  }

  async useLoginVerifier(verifier: string, clientId: string, isPublic: boolean, cookieHeader: string | undefined): Promise<StepOutcome> {
    const flow = await this.usable('login_verifier', verifier, clientId, 'login');
    this.checkCsrf(cookieHeader, 'login', flow, flow.data.loginCsrf);
    if (flow.state === 'login_rejected') return this.fail(flow, 'useLoginError', 'login');
    const { request, login } = flow.data;
    const now = this.options.now();
    const remembered = rememberedConsent(request, isPublic, await this.store.rememberedConsents(login!.subject, flow.clientId), now);
    if (request.prompt.includes('none') && !remembered) {
      throw errors.consentRequired.withHint("Prompt 'none' was requested, but no previous consent was found.");
    }
    // Hydra derives it here (verifyAuthentication), so a misconfigured pairwise client fails before consent.
    const subjectIdentifier = await this.options.subjectIdentifier?.(flow.clientId, login!.subject, login!.force_subject_identifier);
    const challenge = newStepSecret();
    const data: FlowData = { ...flow.data, consentChallenge: challenge, consentCsrf: newStepSecret(), consentSkip: remembered !== undefined, subjectIdentifier };
    await this.move(flow, 'useLogin', data, { column: 'consent_challenge', hash: stepHash(challenge) }, 'login');
    const cookies = [this.cookies.set('consent', flow.clientId, data.consentCsrf!, this.options.ttlMs)];
    if (login!.remember && !flow.data.skip) {
      cookies.push(this.sessions.set({ sid: flow.data.loginSessionId, subject: login!.subject, authTime: login!.authenticated_at }, login!.remember_for, now));
    } else if (!login!.remember && !flow.data.skip) {
      cookies.push(this.sessions.clear());
    }
    return { location: withQuery(this.urls.consent, 'consent_challenge', challenge), cookies };
  }

  async useConsentVerifier(verifier: string, clientId: string, cookieHeader: string | undefined): Promise<ConsentOutcome> {
    const flow = await this.usable('consent_verifier', verifier, clientId, 'consent');
    this.checkCsrf(cookieHeader, 'consent', flow, flow.data.consentCsrf ?? '');
    if (flow.state === 'consent_rejected') return this.fail(flow, 'useConsentError', 'consent');
    await this.move(flow, 'useConsent', flow.data, undefined, 'consent');
    const { request, login, consent } = flow.data;
    const session: CodeSession = {
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
    // subject recorded is the one its ID token carries (the logout token's sub).
    await this.options.joinSession?.({ sid: session.sid, clientId: flow.clientId, subject: session.idTokenSubject ?? session.subject });
    // Implicit responses (OIDC Core §3.2) carry no code: none is minted.
    const code = request.responseType.split(' ').includes('code') ? await this.codes.issue(flow.data.consentRequestId, flow.clientId, session) : undefined;
    return { ...session, code, state: request.state, request, requestId: flow.data.consentRequestId };
  }

  /** The subjects that name this user to this client: local, and pairwise when the client is. */
  private async namesOf(clientId: string, subject: string): Promise<string[]> {
    const names = [subject];
    const pairwise = await this.options.subjectIdentifier?.(clientId, subject, '').catch(() => undefined);
    if (pairwise !== undefined && pairwise !== subject) names.push(pairwise);
    return names;
  }

  /** Hydra's answer to an unknown, used or foreign verifier (consent/strategy_default.go). */
  private async usable(column: 'login_verifier' | 'consent_verifier', verifier: string, clientId: string, step: string): Promise<FlowRecord> {
    const flow = await this.store.findBy(column, stepHash(verifier));
    const waiting = step === 'login' ? ['login_accepted', 'login_rejected'] : ['consent_accepted', 'consent_rejected'];
    if (!flow || !waiting.includes(flow.state) || flow.expiresAt <= this.options.now() || flow.clientId !== clientId) {
      throw errors.accessDenied.withHint(`The ${step} verifier has already been used, has not been granted, or is invalid.`);
    }
    return flow;
  }

  private checkCsrf(header: string | undefined, kind: CsrfKind, flow: FlowRecord, expected: string): void {
    const result = this.cookies.matches(header, kind, flow.clientId, expected);
    if (result === 'missing') throw errors.requestForbidden.withHint('No CSRF value available in the session cookie.');
    if (result === 'mismatch') throw errors.requestForbidden.withHint('The CSRF value from the token does not match the CSRF value from the data store.');
  }

  private async fail(flow: FlowRecord, transition: Transition, step: string): Promise<never> {
    await this.move(flow, transition, flow.data, undefined, step);
    throw relayedDenial(flow.data.denied!);
  }

  private async move(flow: FlowRecord, transition: Transition, data: FlowData, issue: StepSecret | undefined, step: string): Promise<void> {
    const moved = await this.store.transition(flow.id, transition, { data, expiresAt: this.options.now() + this.options.ttlMs, issue });
    // Lost a race with another use of the same verifier: single use means this one fails.
    if (!moved) throw errors.accessDenied.withHint(`The ${step} verifier has already been used.`);
  }
}

export function withQuery(base: string, name: string, value: string): string {
  const url = new URL(base);
  url.searchParams.set(name, value);
  return url.toString();
}
