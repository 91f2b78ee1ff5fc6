/**
 * RFC 8628 §3.4, §3.5: the device polls the token endpoint with its device code until the user
 * has entered the user code, logged in and consented (fosite handler/rfc8628/token_handler.go).
 * Checks, in this order:
 *  - the client is registered for the grant (unauthorized_client);
 *  - the device code is one we issued (invalid_grant), to this client (invalid_grant: another
 *    client learns nothing about the code's state), and not expired (expired_token);
 *  - this poll comes at least `interval` after the previous one, less POLL_JITTER_MS, else
 *    slow_down (§3.5; fosite's DeviceRateLimitStrategy, which Hydra leaves permissive: Tessera
 *    enforces it, with room for a device whose previous poll was delayed on the network);
 *  - the user has finished: authorization_pending until then, access_denied when the login or
 *    consent was refused.
 * An approved code is redeemed once: the code's consumption and the tokens it issues are stored
 * in one transaction, as for an authorization code (code-redemption.ts); a second redemption is
 * invalid_grant and revokes what the first one issued (fosite revokeTokens).
 */
import { errors } from '../../core/errors.js';
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { DeviceUnitOfWork } from '../device/device-unit-of-work.js';
import { DEVICE_CODE_GRANT } from '../device/device-authorization.js';
import type { DeviceCodeRecord, DeviceCodeStore, DeviceGrant } from '../device/device-code-store.js';
import { RefreshTokens } from '../refresh/refresh-tokens.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { Issuance, TokenResponder } from '../tokens/token-responder.js';
import type { GrantHandler, TokenRequest, TokenResponse } from './grant-handler.js';

/** How much earlier than `interval` a poll may arrive: network delay varies from poll to poll. */
export const POLL_JITTER_MS = 1_000;

export interface DeviceCodeDependencies {
  store: DeviceCodeStore;
  hmac: HmacTokenStrategy;
  responder: TokenResponder;
  unitOfWork: DeviceUnitOfWork;
  accessTokens: Pick<AccessTokenStore, 'revokeByRequestId'>;
  refresh: RefreshTokens;
  /** oauth2.device_authorization.token_polling_interval. */
  intervalMs: number;
  now: () => number;
}

interface RedeemableDeviceCode {
  key: string;
  grant: DeviceGrant;
  issuance: Issuance;
}

export class DeviceCodeGrant implements GrantHandler {
  readonly grantType = DEVICE_CODE_GRANT;

  constructor(private readonly deps: DeviceCodeDependencies) {}

  async handle(request: TokenRequest): Promise<TokenResponse> {
    return this.populate(await this.validate(request));
  }

  async validate({ params, client }: TokenRequest): Promise<RedeemableDeviceCode> {
    if (!(client.grant_types ?? []).includes(this.grantType)) {
      throw errors.unauthorizedClient.withHint(`The OAuth 2.0 Client is not allowed to use authorization grant "${this.grantType}".`);
    }
    const signature = this.deps.hmac.validate('dc', params.require('device_code'));
    const record = signature === undefined ? undefined : await this.deps.store.get(signatureKey(signature));
    if (!record) throw errors.invalidGrant.withHint('The device code is invalid or unknown.');
    if (record.clientId !== client.client_id) {
      throw errors.invalidGrant.withHint('The OAuth 2.0 Client ID from this request does not match the one from the authorize request.');
    }
    if (record.state === 'used') return this.replayed(record);
    const now = this.deps.now();
    if (record.expiresAt <= now) throw errors.expiredToken.withHint(`Device code expired at '${new Date(record.expiresAt).toISOString()}'.`);
    if (!(await this.deps.store.poll(record.key, now, Math.max(0, this.deps.intervalMs - POLL_JITTER_MS)))) {
      throw errors.slowDown.withHint(`Poll at most every ${Math.round(this.deps.intervalMs / 1000)} seconds.`);
    }
    if (record.state === 'pending' || record.state === 'claimed') throw errors.authorizationPending;
    if (record.state === 'denied') throw errors.accessDenied.withHint('The resource owner denied the request.');
    const grant = record.grant!;
    const issuance: Issuance = {
      client,
      grant: 'device_authorization',
      // The consent's request id, as for a code (flow-service.ts ConsentOutcome): revoking the
      // consent session (admin API, logout) then revokes what the device was given.
      requestId: grant.consentRequestId,
      subject: grant.subject,
      scope: grant.scope,
      audience: grant.audience,
      ext: grant.ext,
      idTokenSession: {
        subject: grant.idTokenSubject,
        claims: grant.idTokenClaims,
        authTime: grant.authTime,
        acr: grant.acr,
        amr: grant.amr,
        sid: grant.sid,
        requestedAt: Math.floor(record.requestedAt / 1000),
      },
      // Hydra runs the token hook for this grant too (oauth2TokenExchange): opted in.
      request: { params, client },
    };
    return { key: record.key, grant, issuance };
  }

  /** Minted and signed first; then the code's consumption and the tokens, in one transaction. */
  async populate({ key, grant, issuance }: RedeemableDeviceCode): Promise<TokenResponse> {
    const { response, access, refresh } = await this.deps.responder.populate(issuance, {
      refresh: RefreshTokens.allowed(grant.scope, issuance.client.grant_types)
        ? { scope: grant.scope, session: { ext: grant.ext, idToken: issuance.idTokenSession } }
        : undefined,
      // OIDC Core §3.1.3.3: an ID token when openid was granted (no nonce: there was no authorization request).
      idToken: grant.scope.includes('openid') ? {} : undefined,
    });
    const redeemed = await this.deps.unitOfWork.transaction(async (tx) => {
      if (!(await tx.deviceCodes.consume(key))) return false;
      await tx.accessTokens.create(access.record);
      if (refresh) await tx.refreshTokens.create(refresh.record);
      return true;
    });
    if (!redeemed) {
      const record = await this.deps.store.get(key);
      if (record) return this.replayed(record);
      throw errors.invalidGrant.withHint('The device code is invalid or unknown.');
    }
    return response;
  }

  private async replayed(record: DeviceCodeRecord): Promise<never> {
    const requestId = record.grant?.consentRequestId ?? record.requestId;
    await this.deps.accessTokens.revokeByRequestId(requestId);
    await this.deps.refresh.store.revokeChain(requestId);
    throw errors.invalidGrant.withHint('The device code has already been used.');
  }
}
