/**
 * Composes the token lifecycle from the configuration: the access-token store and issuer, the
 * grant handlers, the token endpoint, introspection and revocation. Called once by the registry.
 */
import type { TesseraConfig } from '../../config/types.js';
import { parseDuration } from '../../config/duration.js';
import type { Aead } from '../../crypto/aead.js';
import { HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { SecretHasher } from '../../crypto/secret-hasher.js';
import { VerifiedSecrets } from '../../crypto/verified-secrets.js';
import { scopeStrategy } from '../../core/scope-strategy.js';
import type { Database } from '../../persistence/database.js';
import type { ClientDirectory } from '../client-authentication.js';
import { coalescedClientDirectory } from '../coalesced-client-directory.js';
import { ClientCredentialsGrant } from '../grants/client-credentials.js';
import { AuthorizationCodeGrant } from '../grants/authorization-code.js';
import { RefreshTokenGrant } from '../grants/refresh-token.js';
import { RefreshTokens } from '../refresh/refresh-tokens.js';
import { SqlRefreshTokenStore } from '../../persistence/sql/refresh-token.js';
import { UserinfoEndpoint } from '../userinfo/userinfo-endpoint.js';
import { UserinfoSigner } from '../userinfo/userinfo-signer.js';
import { AuthorizationCodes } from '../code/authorization-codes.js';
import { SqlCodeStore } from '../../persistence/sql/code.js';
import { SqlUnitOfWork } from '../../persistence/sql/unit-of-work.js';
import { CodeRedemption } from '../code/code-redemption.js';
import { IdTokenIssuer } from '../../core/id-token.js';
import type { TokenClient } from '../grants/grant-handler.js';
import { TokenEndpoint } from '../token-endpoint.js';
import type { AccessTokenStore } from './access-token-store.js';
import { SqlAccessTokenStore } from '../../persistence/sql/access-token.js';
import { AccessTokenIssuer, type SigningKeySource } from './access-token-issuer.js';
import { TokenIntrospector, type PublicKeySource } from './token-introspector.js';
import { TokenRevoker } from './token-revoker.js';

export interface TokenServices {
  accessTokens: AccessTokenStore;
  issuer: AccessTokenIssuer;
  endpoint: TokenEndpoint;
  introspector: TokenIntrospector;
  revoker: TokenRevoker;
  verifiedSecrets: VerifiedSecrets;
  /** Issued by the authorization endpoint, redeemed by the authorization_code grant. */
  codes: AuthorizationCodes;
  refreshTokens: RefreshTokens;
  userinfo: UserinfoEndpoint;
  idTokens: IdTokenIssuer;
}

export interface TokenDependencies {
  config: TesseraConfig;
  database: Database;
  aead: Aead;
  hasher: SecretHasher;
  clients: ClientDirectory<TokenClient>;
  keys: SigningKeySource & PublicKeySource;
  now: () => number;
}

export function createTokenServices(deps: TokenDependencies): TokenServices {
  const { config, now } = deps;
  const hmac = new HmacTokenStrategy(config.secrets.system);
  const strategy = scopeStrategy(config.strategies.scope);
  const accessTokens = new SqlAccessTokenStore(deps.database);
  const issuer = new AccessTokenIssuer(accessTokens, hmac, deps.keys, deps.aead, {
    issuer: config.urls.self.issuer,
    scopeClaim: config.strategies.jwt.scope_claim,
    accessTokenProfile: config.strategies.jwt.access_token_profile,
    encryptAtRest: config.oauth2.session.encrypt_at_rest,
    now,
  });
  const verifiedSecrets = new VerifiedSecrets(deps.hasher);
  const clientCredentials = new ClientCredentialsGrant(issuer, {
    scopeStrategy: strategy,
    defaultLifespanMs: parseDuration(config.ttl.access_token),
    defaultStrategy: config.strategies.access_token,
    grantAllWhenNoneRequested: config.oauth2.client_credentials.default_grant_allowed_scope,
    now,
  });
  const unitOfWork = new SqlUnitOfWork(deps.database, deps.aead);
  const codes = new AuthorizationCodes(new SqlCodeStore(deps.database, deps.aead), hmac, { lifespanMs: parseDuration(config.ttl.auth_code), now });
  const idTokens = new IdTokenIssuer(deps.keys, { issuer: config.urls.self.issuer, now });
  const refreshTokens = new RefreshTokens(new SqlRefreshTokenStore(deps.database, deps.aead), unitOfWork, hmac, {
    defaultLifespanMs: parseDuration(config.ttl.refresh_token),
    now,
  });
  const authorizationCode = new AuthorizationCodeGrant(codes, new CodeRedemption(unitOfWork), issuer, accessTokens, idTokens, {
    defaultLifespanMs: parseDuration(config.ttl.access_token),
    defaultIdTokenLifespanMs: parseDuration(config.ttl.id_token),
    defaultStrategy: config.strategies.access_token,
    now,
  }, refreshTokens);
  const refreshToken = new RefreshTokenGrant(refreshTokens, issuer, idTokens, {
    defaultLifespanMs: parseDuration(config.ttl.access_token),
    defaultIdTokenLifespanMs: parseDuration(config.ttl.id_token),
    defaultStrategy: config.strategies.access_token,
    scopeStrategy: strategy,
    grace: gracePolicy(config.oauth2.grant.refresh_token),
    now,
  });
  const endpoint = new TokenEndpoint([clientCredentials, authorizationCode, refreshToken], coalescedClientDirectory(deps.clients), verifiedSecrets);
  const introspector = new TokenIntrospector(accessTokens, hmac, deps.keys, deps.aead, {
    issuer: config.urls.self.issuer,
    scopeStrategy: strategy,
    now,
  }, refreshTokens);
  const revoker = new TokenRevoker(accessTokens, introspector, refreshTokens);
  const userinfo = new UserinfoEndpoint(introspector, accessTokens, deps.aead, { issuer: config.urls.self.issuer, now }, {
    signer: new UserinfoSigner(deps.keys, now),
    signedResponseAlg: async (id) => (await deps.clients.getForAuthentication(id))?.client.userinfo_signed_response_alg,
  });
  return { accessTokens, issuer, endpoint, introspector, revoker, verifiedSecrets, codes, refreshTokens, userinfo, idTokens };
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
