/**
 * Composes POST /credentials (oauth2/credentials/): it reads the access token through
 * introspection, checks the nonces the token endpoint gave, and signs with the ID token keys.
 * Called once by the registry, after the token services.
 */
import type { TesseraConfig } from '../config/types.js';
import type { Aead } from '../crypto/aead.js';
import { JwtSigner } from '../jwk/jwt-signer.js';
import type { SigningKeySource } from '../jwk/key-sets.js';
import { CredentialEndpoint } from '../oauth2/credentials/credential-endpoint.js';
import type { TokenServices } from './tokens.js';

export interface CredentialDependencies {
  config: TesseraConfig;
  aead: Aead;
  keys: SigningKeySource;
  tokens: Pick<TokenServices, 'introspector' | 'accessTokens' | 'credentialNonces'>;
  now: () => number;
}

export function createCredentialEndpoint({ config, aead, keys, tokens, now }: CredentialDependencies): CredentialEndpoint {
  return new CredentialEndpoint(tokens.introspector, tokens.accessTokens, aead, tokens.credentialNonces, new JwtSigner(keys), {
    issuer: config.urls.self.issuer,
    now,
  });
}
