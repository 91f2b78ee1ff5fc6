/**
 * The device authorization endpoint, framework-free (RFC 8628 §3.1, §3.2; fosite
 * device_request_handler.go and handler/rfc8628/auth_handler.go): the client authenticates as at
 * the token endpoint, must be registered for the device_code grant, and may ask only for scopes
 * and audiences it was registered for. The answer names a device code (`ory_dc_…`, Hydra's
 * format, stored only as a hash of its signature), a user code (user-code.ts), where the user
 * enters it (urls.device.verification), how long both live (ttl.device_user_code) and how often
 * to poll (oauth2.device_authorization.token_polling_interval).
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../core/errors.js';
import { FormParameters } from '../../core/form-parameters.js';
import { assertGrantable } from '../../core/grantable.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { ClientAuthenticator } from '../client-authentication.js';
import type { TokenClient } from '../grants/grant-handler.js';
import { UserCodeTaken, type DeviceCodeRecord, type DeviceCodeStore } from './device-code-store.js';
import type { UserCodes } from './user-code.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 §3.2, in Hydra's field order (oauth2/handler.go deviceAuthorization). */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

export interface DeviceAuthorizationOptions {
  /** urls.device.verification, or the fallback page. */
  verificationUri: string;
  lifespanMs: number;
  intervalMs: number;
  scopeStrategy: ScopeStrategy;
  now: () => number;
}

/** fosite rfc8628.MaxAttempts: a user code that collides with a stored one is drawn again, at most this often. */
const MAX_ATTEMPTS = 3;

export class DeviceAuthorization {
  constructor(
    private readonly clients: ClientAuthenticator<TokenClient>,
    private readonly store: DeviceCodeStore,
    private readonly hmac: HmacTokenStrategy,
    private readonly userCodes: UserCodes,
    private readonly options: DeviceAuthorizationOptions,
  ) {}

  async handle(authorization: string | undefined, body: unknown): Promise<DeviceAuthorizationResponse> {
    const params = FormParameters.from(body, ['audience']);
    if (params.entries().next().done && authorization === undefined) throw errors.invalidRequest.withHint('The POST body can not be empty.');
    const client = await this.clients.authenticate(authorization, params);
    const named = params.get('client_id');
    if (named !== undefined && named !== client.client_id) throw errors.invalidRequest.withHint('Provided client_id mismatch.');
    if (!(client.grant_types ?? []).includes(DEVICE_CODE_GRANT)) {
      throw errors.invalidGrant.withHint(`The requested OAuth 2.0 Client does not have the '${DEVICE_CODE_GRANT}' grant.`);
    }
    const scope = splitScope(params.get('scope'));
    const audience = splitScope(params.get('audience'));
    assertGrantable(client, scope, audience, this.options.scopeStrategy);

    const { token, signature } = this.hmac.generate('dc');
    const now = this.options.now();
    // Whole seconds, as fosite rounds the expiry, so that expires_in is exact.
    const expiresAt = Math.round((now + this.options.lifespanMs) / 1000) * 1000;
    const userCode = await this.storeWithUserCode({
      key: signatureKey(signature),
      requestId: randomUUID(),
      clientId: client.client_id,
      state: 'pending',
      requestedScope: scope,
      requestedAudience: audience,
      requestedAt: now,
      expiresAt,
      lastPolledAt: 0,
    });
    const complete = new URL(this.options.verificationUri);
    complete.searchParams.set('user_code', userCode);
    return {
      device_code: token,
      user_code: userCode,
      verification_uri: this.options.verificationUri,
      verification_uri_complete: complete.toString(),
      expires_in: Math.max(0, Math.round((expiresAt - now) / 1000)),
      interval: Math.max(1, Math.round(this.options.intervalMs / 1000)),
    };
  }

  /** Stores the authorization under a fresh user code, drawn again on a collision (fosite handleDeviceAuthSession). */
  private async storeWithUserCode(record: Omit<DeviceCodeRecord, 'userCodeSignature'>): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const userCode = this.userCodes.generate();
      try {
        await this.store.create({ ...record, userCodeSignature: this.userCodes.signature(userCode) });
        return userCode;
      } catch (error) {
        if (!(error instanceof UserCodeTaken)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw errors.serverError.withDebug(`Exceeded user-code generation max attempts ${MAX_ATTEMPTS}.`);
      }
    }
  }
}
