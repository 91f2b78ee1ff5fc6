/**
 * The device verification endpoint, GET /oauth2/device/verify, framework-free (RFC 8628 §3.3;
 * Hydra consent/strategy_default.go HandleOAuth2DeviceAuthorizationRequest and oauth2/handler.go
 * performOAuth2DeviceVerificationFlow). The user agent passes through it four times:
 *
 *   (no verifier)      a device challenge is made, the device CSRF cookie set, and the user sent
 *                      to urls.device.verification?device_challenge=… (with the user_code it came with);
 *   ?device_verifier=  the app accepted a user code for the challenge (device-admin.ts): the usual
 *                      login/consent flow starts for the device authorization it named;
 *   ?login_verifier=   the login step is used, the consent step begins (flow-service.ts);
 *   ?consent_verifier= the consent is used and the device code approved, in one transaction; the
 *                      user lands on urls.device.success?client_id=….
 *
 * A refused login or consent denies the device code (the device then polls access_denied):
 * Hydra leaves it pending until it expires; RFC 8628 §3.5 names access_denied for this.
 * Errors are written as Hydra writes them here, in its JSON error shape.
 */
import { errors, isOAuthError } from '../../core/errors.js';
import type { FormParameters } from '../../core/form-parameters.js';
import type { FlowCookies } from '../../flow/flow-cookies.js';
import type { AuthorizeRequest } from '../../flow/flow-model.js';
import type { FlowService, StepOutcome, VerifyingClient } from '../../flow/flow-service.js';
import { newStepSecret, stepHash } from '../../flow/step-secret.js';
import { withQuery } from '../../web/url.js';
import type { DeviceChallengeStore, DeviceCodeStore, DeviceGrant } from './device-code-store.js';
import type { DeviceUnitOfWork } from './device-unit-of-work.js';

export interface DeviceVerificationOptions {
  /** urls.device.verification and urls.device.success (or their fallback pages). */
  verificationUrl: string;
  successUrl: string;
  /** This endpoint's own URL, to which the login and consent steps return. */
  selfUrl: string;
  /** ttl.login_consent_request: how long a device challenge and its verifier live. */
  ttlMs: number;
  now: () => number;
}

export interface DeviceVerificationDeps {
  flows: Pick<FlowService, 'start' | 'useLoginVerifier' | 'useConsentVerifier' | 'requestOf'>;
  cookies: FlowCookies;
  codes: DeviceCodeStore;
  challenges: DeviceChallengeStore;
  unitOfWork: DeviceUnitOfWork;
  /** The client as the login hop uses it (its subject type too: one read per hop, flow-service.ts). */
  clients: { find(id: string): Promise<VerifyingClient | undefined> };
}

const invalidVerifier = (step: string) => errors.accessDenied.withHint(`The ${step} verifier has already been used, has not been granted, or is invalid.`);

export class DeviceVerification {
  constructor(
    private readonly deps: DeviceVerificationDeps,
    private readonly options: DeviceVerificationOptions,
  ) {}

  async handle(params: FormParameters, cookieHeader: string | undefined): Promise<StepOutcome> {
    const device = params.get('device_verifier');
    if (device !== undefined) return this.startLogin(device, cookieHeader);
    const login = params.get('login_verifier');
    if (login !== undefined) return this.resumeLogin(login, params, cookieHeader);
    const consent = params.get('consent_verifier');
    if (consent !== undefined) return this.approve(consent, params, cookieHeader);
    return this.challenge(params.get('user_code'));
  }

  /** A new device challenge for the verification UI, bound to this browser by the device CSRF cookie. */
  private async challenge(userCode: string | undefined): Promise<StepOutcome> {
    const challenge = newStepSecret();
    const csrf = newStepSecret();
    const now = this.options.now();
    await this.deps.challenges.create({ id: stepHash(challenge), csrf, state: 'initialized', attempts: 0, requestedAt: now, expiresAt: now + this.options.ttlMs });
    let location = withQuery(this.options.verificationUrl, 'device_challenge', challenge);
    // RFC 8628 §3.3.1: verification_uri_complete carries the user code on to the UI, to prefill.
    if (userCode !== undefined) location = withQuery(location, 'user_code', userCode);
    return { location, cookies: [this.deps.cookies.set('device', '', csrf, this.options.ttlMs)] };
  }

  /** The user code was accepted for this browser's challenge: the login step of the usual flow begins. */
  private async startLogin(verifier: string, cookieHeader: string | undefined): Promise<StepOutcome> {
    const challenge = await this.deps.challenges.findByVerifier(stepHash(verifier));
    if (!challenge || challenge.state !== 'accepted' || challenge.expiresAt <= this.options.now() || !challenge.deviceCodeKey) throw invalidVerifier('device');
    const csrf = this.deps.cookies.matches(cookieHeader, 'device', '', challenge.csrf);
    if (csrf === 'missing') throw errors.requestForbidden.withHint('No CSRF value available in the session cookie.');
    if (csrf === 'mismatch') throw errors.requestForbidden.withHint('The CSRF value from the token does not match the CSRF value from the data store.');
    const record = await this.deps.codes.get(challenge.deviceCodeKey);
    if (!record || record.state !== 'claimed' || record.challengeId !== challenge.id || record.expiresAt <= this.options.now()) throw invalidVerifier('device');
    if (!(await this.deps.challenges.use(challenge.id))) throw invalidVerifier('device');
    const request: AuthorizeRequest = {
      clientId: record.clientId,
      // No redirect: the user lands on urls.device.success, which stands in for it (remembered consent checks it).
      redirectUri: this.options.successUrl,
      redirectUriSent: false,
      responseType: 'code',
      scope: record.requestedScope,
      audience: record.requestedAudience,
      prompt: [],
      acrValues: [],
      uiLocales: [],
      requestUrl: withQuery(this.options.selfUrl, 'client_id', record.clientId),
      device: { key: record.key },
    };
    return this.deps.flows.start(request, cookieHeader);
  }

  private async resumeLogin(verifier: string, params: FormParameters, cookieHeader: string | undefined): Promise<StepOutcome> {
    const { key, state, client } = await this.deviceFlow('login', verifier, params);
    return this.denyOnRefusal(key, state === 'login_rejected', () =>
      this.deps.flows.useLoginVerifier(verifier, client, cookieHeader));
  }

  /** The consent is used and the device code approved together, or neither (security checklist §6). */
  private async approve(verifier: string, params: FormParameters, cookieHeader: string | undefined): Promise<StepOutcome> {
    const { key, state, client } = await this.deviceFlow('consent', verifier, params);
    const use = await this.denyOnRefusal(key, state === 'consent_rejected', () => this.deps.flows.useConsentVerifier(verifier, client.client_id, cookieHeader));
    const { state: _state, request: _request, requestId, ...consented } = use.outcome;
    const grant: DeviceGrant = { ...consented, consentRequestId: requestId };
    await this.deps.unitOfWork.transaction(async (tx) => {
      await use.take(tx.flows);
      // Lost to an expiry-free race only (the code was claimed by this flow): refused, the step rolled back.
      if (!(await tx.deviceCodes.approve(key, grant))) throw invalidVerifier('consent');
    });
    return { location: withQuery(this.options.successUrl, 'client_id', client.client_id), cookies: [] };
  }

  /** The device flow a login or consent verifier belongs to, and its client (Hydra: `client_id` in the query). */
  private async deviceFlow(step: 'login' | 'consent', verifier: string, params: FormParameters) {
    const found = await this.deps.flows.requestOf(step, verifier);
    if (!found?.request.device) throw invalidVerifier(step);
    const clientId = params.get('client_id');
    if (clientId === undefined) throw errors.invalidClient.withHint("Query parameter 'client_id' is missing.");
    const client = clientId === found.request.clientId ? await this.deps.clients.find(clientId) : undefined;
    if (!client) throw invalidVerifier(step);
    return { key: found.request.device.key, state: found.state, client };
  }

  /** A refused step ends the flow with the app's error; the device code is denied with it. */
  private async denyOnRefusal<T>(key: string, refused: boolean, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (refused && isOAuthError(error)) await this.deps.codes.deny(key);
      throw error;
    }
  }
}
