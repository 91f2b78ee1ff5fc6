/**
 * Composes the token lifecycle from the configuration: the access-token store and issuer, the
 * grant handlers, the token endpoint, introspection and revocation. Called once by the registry.
 */
import type { TesseraConfig } from '../config/types.js';
import { parseDuration } from '../config/duration.js';
import type { Aead } from '../crypto/aead.js';
import { HmacTokenStrategy } from '../crypto/hmac-token.js';
import type { SecretHasher } from '../crypto/secret-hasher.js';
import { VerifiedSecrets } from '../crypto/verified-secrets.js';
import { scopeStrategy } from '../core/scope-strategy.js';
import type { Database } from '../persistence/database.js';
import { ClientAuthenticator, secretMethods, type ClientDirectory } from '../oauth2/client-authentication.js';
import { assertionMethods, type RecoverableSecrets } from '../oauth2/assertion/assertion-methods.js';
import { assertionAudiences } from '../oauth2/assertion/assertion-audiences.js';
import type { ClientKeys } from '../oauth2/assertion/client-keys.js';
import { coalescedClientDirectory } from '../oauth2/coalesced-client-directory.js';
import { ClientCredentialsGrant } from '../oauth2/grants/client-credentials.js';
import { AuthorizationCodeGrant } from '../oauth2/grants/authorization-code.js';
import { RefreshTokenGrant } from '../oauth2/grants/refresh-token.js';
import { RefreshTokens } from '../oauth2/refresh/refresh-tokens.js';
import { SqlRefreshTokenStore } from '../persistence/sql/refresh-token.js';
import { AuthorizationCodes } from '../oauth2/code/authorization-codes.js';
import { SqlCodeStore } from '../persistence/sql/code.js';
import { SqlUnitOfWork } from '../persistence/sql/unit-of-work.js';
import type { UnitOfWork } from '../persistence/unit-of-work.js';
import { CodeRedemption } from '../oauth2/code/code-redemption.js';
import { IdTokenIssuer } from '../oauth2/tokens/id-token.js';
import type { TokenClient } from '../oauth2/grants/grant-handler.js';
import { TokenEndpoint } from '../oauth2/token-endpoint.js';
import type { AccessTokenStore } from '../oauth2/tokens/access-token-store.js';
import { SqlAccessTokenStore } from '../persistence/sql/access-token.js';
import { AccessTokenIssuer } from '../oauth2/tokens/access-token-issuer.js';
import { TokenIntrospector } from '../oauth2/tokens/token-introspector.js';
import { TokenResponder } from '../oauth2/tokens/token-responder.js';
import type { DefaultLifespans } from '../oauth2/tokens/lifespans.js';
import { JwtSigner } from '../jwk/jwt-signer.js';
import type { PublicKeySource, SigningKeySource } from '../jwk/key-sets.js';
import { FrontChannelTokens } from '../oauth2/authorize/front-channel-tokens.js';
import { TokenRevoker } from '../oauth2/tokens/token-revoker.js';
import { JwtBearerGrant } from '../oauth2/grants/jwt-bearer.js';
import type { TrustStore } from '../oauth2/trust/trust-store.js';
import { SqlUsedJtis } from '../persistence/sql/used-jti.js';
import { createDeviceTokenServices, type DeviceTokenServices } from './device.js';
import { CredentialNonces } from '../oauth2/credentials/credential-nonces.js';
import type { OutboundHttp } from '../http/outbound/outbound-http.js';
import { TokenHooks, type HookLog } from '../oauth2/hooks/token-hooks.js';
import { hookTarget } from '../oauth2/hooks/hook-target.js';

export interface TokenServices {
  accessTokens: AccessTokenStore;
  /** What the authorization endpoint issues itself (implicit and hybrid responses). */
  frontChannel: FrontChannelTokens;
  endpoint: TokenEndpoint;
  introspector: TokenIntrospector;
  revoker: TokenRevoker;
  /** RFC 6749 §2.3 for every endpoint that authenticates clients (token, revocation). */
  clientAuthenticator: ClientAuthenticator<TokenClient>;
  /** Issued by the authorization endpoint, redeemed by the authorization_code grant. */
  codes: AuthorizationCodes;
  refreshTokens: RefreshTokens;
  /** Transactions over the flow, code and token stores: code redemption, refresh rotation, and the authorization endpoint's last step. */
  unitOfWork: UnitOfWork;
  /** RFC 8628: the device authorization endpoint, the device_code grant and their stores. */
  device: DeviceTokenServices;
  /** The c_nonce of verifiable credentials (ttl.vc_nonce), given at the token endpoint and checked at /credentials. */
  credentialNonces: CredentialNonces;
}

export interface TokenDependencies {
  config: TesseraConfig;
  database: Database;
  aead: Aead;
  hasher: SecretHasher;
  clients: ClientDirectory<TokenClient>;
  /** For client_secret_jwt: the sealed secrets of the clients of that method. */
  recoverableSecrets: RecoverableSecrets;
  /** For private_key_jwt: the clients' registered keys (jwks, or jwks_uri through the outbound guard). */
  clientKeys: ClientKeys;
  keys: SigningKeySource & PublicKeySource;
  /** Trust relationships of the JWT-bearer grant (registry/trust.ts). */
  trust: Pick<TrustStore, 'findTrusted'>;
  /** The guarded client the token hooks post through (clients.http.*). */
  outbound: OutboundHttp;
  log: HookLog;
  now: () => number;
}

export function createTokenServices(deps: TokenDependencies): TokenServices {
  const { config, now } = deps;
  const hmac = new HmacTokenStrategy(config.secrets.system);
  const strategy = scopeStrategy(config.strategies.scope);
  const signer = new JwtSigner(deps.keys);
  const accessTokens = new SqlAccessTokenStore(deps.database);
  const issuer = new AccessTokenIssuer({ hmac, signer, aead: deps.aead, options: {
    issuer: config.urls.self.issuer,
    scopeClaim: config.strategies.jwt.scope_claim,
    accessTokenProfile: config.strategies.jwt.access_token_profile,
    claimShaping: {
      allowedTopLevelClaims: config.oauth2.allowed_top_level_claims ?? [],
      mirrorTopLevelClaims: config.oauth2.mirror_top_level_claims,
      preserveExtClaims: config.oauth2.preserve_ext_claims,
    },
    excludeNotBefore: config.oauth2.exclude_not_before_claim,
    encryptAtRest: config.oauth2.session.encrypt_at_rest,
    now,
  } });
  const verifiedSecrets = new VerifiedSecrets(deps.hasher);
  const unitOfWork = new SqlUnitOfWork(deps.database, deps.aead);
  const codes = new AuthorizationCodes(new SqlCodeStore(deps.database, deps.aead), hmac, { lifespanMs: parseDuration(config.ttl.auth_code), now });
  const idTokens = new IdTokenIssuer(signer, { issuer: config.urls.self.issuer, now });
  const refreshTokens = new RefreshTokens(new SqlRefreshTokenStore(deps.database, deps.aead), unitOfWork, hmac, { now });
  const defaults: DefaultLifespans = {
    access_token: parseDuration(config.ttl.access_token),
    id_token: parseDuration(config.ttl.id_token),
    refresh_token: parseDuration(config.ttl.refresh_token),
  };
  const responder = new TokenResponder({
    accessTokens: issuer, refreshTokens, idTokens, defaults, defaultStrategy: config.strategies.access_token, now, hooks: tokenHooks(deps),
  });
  const clientCredentials = new ClientCredentialsGrant({ responder, accessTokens, options: {
    scopeStrategy: strategy,
    grantAllWhenNoneRequested: config.oauth2.client_credentials.default_grant_allowed_scope,
  } });
  const authorizationCode = new AuthorizationCodeGrant({
    codes, redemption: new CodeRedemption(unitOfWork, deps.database.dialect === 'postgres' ? new SqlCodeStore(deps.database, deps.aead) : undefined), responder, accessTokens, refresh: refreshTokens, now,
  });
  const refreshToken = new RefreshTokenGrant({ refresh: refreshTokens, responder, now, options: {
    scopeStrategy: strategy,
    grace: gracePolicy(config.oauth2.grant.refresh_token),
  } });
  const frontChannel = new FrontChannelTokens({ responder, issuer: config.urls.self.issuer, now });
  // One jti table for client assertions and JWT-bearer grants, as Hydra's: one store serves both.
  const usedJtis = new SqlUsedJtis(deps.database);
  const jwtMethods = assertionMethods({
    keys: deps.clientKeys,
    secrets: deps.recoverableSecrets,
    policy: { audiences: assertionAudiences(config), usedJtis, now },
  });
  const clientAuthenticator = new ClientAuthenticator(coalescedClientDirectory(deps.clients), { ...secretMethods(verifiedSecrets), ...jwtMethods });
  const jwtBearer = new JwtBearerGrant({ responder, accessTokens, trust: deps.trust, usedJtis, now, options: {
    scopeStrategy: strategy,
    tokenUrls: tokenEndpointUrls(config),
    jtiOptional: config.oauth2.grant.jwt.jti_optional,
    iatOptional: config.oauth2.grant.jwt.iat_optional,
    maxTtlMs: parseDuration(config.oauth2.grant.jwt.max_ttl),
    omitAssertionAudience: config.oauth2.grant.jwt.omit_assertion_audience,
  } });
  const credentialNonces = new CredentialNonces(deps.aead, { lifespanMs: parseDuration(config.ttl.vc_nonce), now });
  const device = createDeviceTokenServices({
    config, database: deps.database, aead: deps.aead, hmac, scopeStrategy: strategy, clientAuthenticator, responder, unitOfWork,
    accessTokens, refresh: refreshTokens, now,
  });
  const endpoint = new TokenEndpoint([clientCredentials, authorizationCode, refreshToken, jwtBearer, device.grant], clientAuthenticator, credentialNonces);
  const introspector = new TokenIntrospector(accessTokens, hmac, deps.keys, deps.aead, {
    issuer: config.urls.self.issuer,
    scopeStrategy: strategy,
    now,
  }, refreshTokens);
  const revoker = new TokenRevoker(accessTokens, introspector, refreshTokens);
  return { accessTokens, frontChannel, endpoint, introspector, revoker, clientAuthenticator, codes, refreshTokens, unitOfWork, credentialNonces, device };
}

/** oauth2.token_hook and oauth2.refresh_token_hook, with the claim settings Hydra puts in every session. */
function tokenHooks({ config, outbound, log }: TokenDependencies): TokenHooks | undefined {
  const tokenHook = hookTarget(config.oauth2.token_hook);
  const refreshTokenHook = hookTarget(config.oauth2.refresh_token_hook);
  if (!tokenHook && !refreshTokenHook) return undefined;
  return new TokenHooks(outbound, log, {
    tokenHook,
    refreshTokenHook,
    session: {
      issuer: config.urls.self.issuer,
      allowedTopLevelClaims: config.oauth2.allowed_top_level_claims ?? [],
      mirrorTopLevelClaims: config.oauth2.mirror_top_level_claims,
      preserveExtClaims: config.oauth2.preserve_ext_claims ?? false,
      excludeNotBeforeClaim: config.oauth2.exclude_not_before_claim,
    },
  });
}

/**
 * What an RFC 7523 assertion's `aud` may name (§3 item 3): the token endpoint as discovery
 * publishes it (webfinger.oidc_discovery.token_url, else under urls.self.public) and the one under
 * urls.self.public, as Hydra's fositex GetTokenURLs lists both.
 */
function tokenEndpointUrls(config: TesseraConfig): string[] {
  const own = new URL('oauth2/token', config.urls.self.public).toString();
  return [...new Set([config.webfinger.oidc_discovery.token_url ?? own, own])];
}

/**
 * Hydra's GracefulRefreshTokenRotation (driver/config/provider.go): the period is capped at 5
 * minutes, or at 180 days when a reuse count also bounds it.
 */
function gracePolicy(settings: { rotation_grace_period: string; rotation_grace_reuse_count: number }) {
  const reuseCount = Math.max(0, settings.rotation_grace_reuse_count);
  const cap = reuseCount > 0 ? 180 * 24 * 3_600_000 : 5 * 60_000;
  return { periodMs: Math.min(Math.max(0, parseDuration(settings.rotation_grace_period)), cap), reuseCount };
}
