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
import { AuthorizationCodes } from '../code/authorization-codes.js';
import { SqlCodeStore } from '../code/code-store.js';
import { IdTokenIssuer } from '../../core/id-token.js';
import type { TokenClient } from '../grants/grant-handler.js';
import { TokenEndpoint } from '../token-endpoint.js';
import { SqlAccessTokenStore, type AccessTokenStore } from './access-token-store.js';
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
  const codes = new AuthorizationCodes(new SqlCodeStore(deps.database, deps.aead), hmac, { lifespanMs: parseDuration(config.ttl.auth_code), now });
  const idTokens = new IdTokenIssuer(deps.keys, { issuer: config.urls.self.issuer, now });
  const authorizationCode = new AuthorizationCodeGrant(codes, issuer, accessTokens, idTokens, {
    defaultLifespanMs: parseDuration(config.ttl.access_token),
    defaultIdTokenLifespanMs: parseDuration(config.ttl.id_token),
    defaultStrategy: config.strategies.access_token,
    now,
  });
  const endpoint = new TokenEndpoint([clientCredentials, authorizationCode], coalescedClientDirectory(deps.clients), verifiedSecrets);
  const introspector = new TokenIntrospector(accessTokens, hmac, deps.keys, deps.aead, {
    issuer: config.urls.self.issuer,
    scopeStrategy: strategy,
    now,
  });
  const revoker = new TokenRevoker(accessTokens, introspector);
  return { accessTokens, issuer, endpoint, introspector, revoker, verifiedSecrets, codes };
}
