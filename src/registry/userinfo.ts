/**
 * Composes the UserInfo endpoint (OIDC Core §5.3): it reads the access token through
 * introspection, and signs its answer when the client registered userinfo_signed_response_alg
 * (§5.3.2). Called once by the registry, after the token services it reads through.
 */
import type { TesseraConfig } from '../config/types.js';
import type { Aead } from '../crypto/aead.js';
import { JwtSigner } from '../jwk/jwt-signer.js';
import type { SigningKeySource } from '../jwk/key-sets.js';
import type { ClientDirectory } from '../oauth2/client-authentication.js';
import type { TokenClient } from '../oauth2/grants/grant-handler.js';
import type { AccessTokenStore } from '../oauth2/tokens/access-token-store.js';
import type { TokenIntrospector } from '../oauth2/tokens/token-introspector.js';
import { UserinfoEndpoint } from '../oauth2/userinfo/userinfo-endpoint.js';
import { UserinfoSigner } from '../oauth2/userinfo/userinfo-signer.js';

export interface UserinfoDependencies {
  config: TesseraConfig;
  aead: Aead;
  clients: ClientDirectory<TokenClient>;
  keys: SigningKeySource;
  introspector: TokenIntrospector;
  accessTokens: AccessTokenStore;
  now: () => number;
}

export function createUserinfoEndpoint(deps: UserinfoDependencies): UserinfoEndpoint {
  const { now } = deps;
  return new UserinfoEndpoint(
    deps.introspector,
    deps.accessTokens,
    deps.aead,
    { issuer: deps.config.urls.self.issuer, now },
    {
      signer: new UserinfoSigner(new JwtSigner(deps.keys), now),
      signedResponseAlg: async (id) => (await deps.clients.getForAuthentication(id))?.client.userinfo_signed_response_alg,
    },
  );
}
