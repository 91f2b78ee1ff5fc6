/**
 * Composes RFC 8628 from the configuration: the device authorization endpoint, the device_code
 * grant the token endpoint dispatches to, and the stores behind them. Called by registry/tokens.ts
 * (the grant belongs to the token endpoint).
 */
import type { TesseraConfig } from '../config/types.js';
import { parseDuration } from '../config/duration.js';
import type { Aead } from '../crypto/aead.js';
import type { HmacTokenStrategy } from '../crypto/hmac-token.js';
import type { ScopeStrategy } from '../core/scope-strategy.js';
import type { Database } from '../persistence/database.js';
import type { DeviceUnitOfWork } from '../oauth2/device/device-unit-of-work.js';
import { SqlDeviceChallengeStore, SqlDeviceCodeStore } from '../persistence/sql/device-code.js';
import type { ClientAuthenticator } from '../oauth2/client-authentication.js';
import type { TokenClient } from '../oauth2/grants/grant-handler.js';
import { DeviceCodeGrant } from '../oauth2/grants/device-code.js';
import { DeviceAuthorization } from '../oauth2/device/device-authorization.js';
import type { DeviceChallengeStore, DeviceCodeStore } from '../oauth2/device/device-code-store.js';
import { UserCodes } from '../oauth2/device/user-code.js';
import type { RefreshTokens } from '../oauth2/refresh/refresh-tokens.js';
import type { AccessTokenStore } from '../oauth2/tokens/access-token-store.js';
import type { TokenResponder } from '../oauth2/tokens/token-responder.js';
import { DeviceVerification } from '../oauth2/device/device-verification.js';
import { DeviceAdmin } from '../oauth2/device/device-admin.js';
import { DEVICE_VERIFY_PATH } from '../oauth2/device/device-routes.js';
import { FlowCookies } from '../flow/flow-cookies.js';
import type { FlowService, VerifyingClient } from '../flow/flow-service.js';

export interface DeviceTokenServices {
  authorization: DeviceAuthorization;
  grant: DeviceCodeGrant;
  codes: DeviceCodeStore;
  challenges: DeviceChallengeStore;
  userCodes: UserCodes;
  unitOfWork: DeviceUnitOfWork;
}

export interface DeviceTokenDependencies {
  config: TesseraConfig;
  database: Database;
  aead: Aead;
  hmac: HmacTokenStrategy;
  scopeStrategy: ScopeStrategy;
  clientAuthenticator: ClientAuthenticator<TokenClient>;
  responder: TokenResponder;
  unitOfWork: DeviceUnitOfWork;
  accessTokens: AccessTokenStore;
  refresh: RefreshTokens;
  now: () => number;
}

/** Hydra's DeviceVerificationURL: urls.device.verification, else its fallback page. */
export function deviceUrls(config: TesseraConfig): { verification: string; success: string } {
  const fallback = (page: string) => new URL(`oauth2/fallbacks/${page}`, config.urls.self.public).toString();
  return {
    verification: config.urls.device?.verification ?? fallback('device'),
    success: config.urls.device?.success ?? fallback('device/done'),
  };
}

export function createDeviceTokenServices(deps: DeviceTokenDependencies): DeviceTokenServices {
  const { config, now } = deps;
  const settings = config.oauth2.device_authorization;
  const intervalMs = parseDuration(settings?.token_polling_interval ?? '5s');
  const codes = new SqlDeviceCodeStore(deps.database, deps.aead);
  const userCodes = new UserCodes(settings?.user_code, config.secrets.system);
  const authorization = new DeviceAuthorization(deps.clientAuthenticator, codes, deps.hmac, userCodes, {
    verificationUri: deviceUrls(config).verification,
    lifespanMs: parseDuration(config.ttl.device_user_code ?? '10m'),
    intervalMs,
    scopeStrategy: deps.scopeStrategy,
    now,
  });
  const grant = new DeviceCodeGrant({
    store: codes, hmac: deps.hmac, responder: deps.responder, unitOfWork: deps.unitOfWork,
    accessTokens: deps.accessTokens, refresh: deps.refresh, intervalMs, now,
  });
  return { authorization, grant, codes, challenges: new SqlDeviceChallengeStore(deps.database), userCodes, unitOfWork: deps.unitOfWork };
}

/** The browser's side (GET /oauth2/device/verify) and the admin device-challenge API. */
export interface DeviceBrowserServices {
  verification: DeviceVerification;
  admin: DeviceAdmin;
}

export function createDeviceBrowserServices(deps: {
  config: TesseraConfig;
  device: DeviceTokenServices;
  flows: FlowService;
  clients: { find(id: string): Promise<VerifyingClient | undefined> };
  now: () => number;
}): DeviceBrowserServices {
  const { config, device, now } = deps;
  const urls = deviceUrls(config);
  const selfUrl = new URL(DEVICE_VERIFY_PATH.slice(1), config.urls.self.public).toString();
  const ttlMs = parseDuration(config.ttl.login_consent_request);
  const verification = new DeviceVerification(
    { flows: deps.flows, cookies: new FlowCookies(config), codes: device.codes, challenges: device.challenges, unitOfWork: device.unitOfWork, clients: deps.clients },
    { verificationUrl: urls.verification, successUrl: urls.success, selfUrl, ttlMs, now },
  );
  const admin = new DeviceAdmin({ codes: device.codes, challenges: device.challenges, userCodes: device.userCodes, unitOfWork: device.unitOfWork, verifyUrl: selfUrl, now });
  return { verification, admin };
}
