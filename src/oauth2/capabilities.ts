/**
 * What this build of Tessera implements, in the vocabulary of OpenID Connect Discovery 1.0 §3
 * and RFC 8414 §2. Discovery publishes exactly this, so it must grow only together with the
 * endpoints and grants themselves: a relying party trusts every value it reads here.
 */
import { REQUEST_OBJECT_ALGS } from './authorize/request-object-algs.js';

export interface Capabilities {
  endpoints: {
    authorization?: string;
    token?: string;
    userinfo?: string;
    revocation?: string;
    end_session?: string;
    registration?: string;
    device_authorization?: string;
  };
  grantTypes: string[];
  responseTypes: string[];
  responseModes: string[];
  tokenEndpointAuthMethods: string[];
  /** RFC 8414 §2: the JWS algorithms of private_key_jwt and client_secret_jwt assertions. */
  tokenEndpointAuthSigningAlgs: string[];
  codeChallengeMethods: string[];
  idTokenSigningAlgs: string[];
  frontchannelLogout: boolean;
  backchannelLogout: boolean;
  /**
   * OIDC Core §6: the `request` and `request_uri` authorization parameters, and the algorithms a
   * request object may use (none when they are not read).
   */
  requestObjects: boolean;
  requestObjectSigningAlgs: readonly string[];
  /** OIDC Core §5.5: the `claims` authorization parameter. */
  claimsParameter: boolean;
}

/** Issue by issue, the entries below are filled in as the features land. */
export const capabilities: Capabilities = {
  // registration: published only while oidc.dynamic_client_registration.enabled (discovery.ts).
  endpoints: { authorization: 'oauth2/auth', token: 'oauth2/token', userinfo: 'userinfo', revocation: 'oauth2/revoke', end_session: 'oauth2/sessions/logout', registration: 'oauth2/register',
    // RFC 8628 §4 (oauth2/device/).
    device_authorization: 'oauth2/device/auth' },
  // RFC 7523 §2.1 (grants/jwt-bearer.ts); Hydra serves it without advertising it.
  // RFC 8628 §4: the device_code grant, as Hydra lists it.
  grantTypes: ['authorization_code', 'implicit', 'client_credentials', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
  // Hydra's list and order (oauth2/handler.go), plus 'code token', which fosite serves but Hydra does not advertise.
  // Each needs the client to register it, and the implicit grant for token and id_token.
  responseTypes: ['code', 'code id_token', 'id_token', 'token id_token', 'token', 'token id_token code', 'code token'],
  responseModes: ['query', 'fragment', 'form_post'],
  // Hydra's list and order, with client_secret_jwt, which Tessera serves and Hydra refuses
  // (oauth2/assertion/assertion-methods.ts).
  tokenEndpointAuthMethods: ['client_secret_post', 'client_secret_basic', 'private_key_jwt', 'client_secret_jwt', 'none'],
  // Hydra publishes none; RFC 8414 §2 says this MUST be present when a JWT method is listed:
  // private_key_jwt's algorithms (Hydra's validator) and client_secret_jwt's HMACs.
  tokenEndpointAuthSigningAlgs: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512'],
  // RFC 7636 §4.2: S256 only; Hydra advertises plain but refuses it (hydra-contract.md §1).
  codeChallengeMethods: ['S256'],
  // The algorithm of the keys Tessera generates; discovery names the current ID token key's (discovery.ts).
  idTokenSigningAlgs: ['RS256'],
  // Front-Channel Logout 1.0 §3 and Back-Channel Logout 1.0 §2.1 (src/logout/channel-logout/):
  // both with sessions, as in Hydra (iss and sid always sent).
  frontchannelLogout: true,
  backchannelLogout: true,
  // OIDC Core §6 (oauth2/authorize/request-object.ts): by value and by reference, the latter only
  // from the client's registered request_uris.
  requestObjects: true,
  requestObjectSigningAlgs: REQUEST_OBJECT_ALGS,
  claimsParameter: false,
};
