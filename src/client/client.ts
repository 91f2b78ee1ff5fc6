/**
 * The OAuth 2.0 client, in Hydra's JSON field names (`client/client.go`, model `oAuth2Client`), as
 * the rest of Tessera reads it. The secret is not part of the model: only its slow hash is kept,
 * beside the client in storage (RFC 6819 §5.1.4.1.3), and the plain secret exists only in the
 * response that set it.
 */

/** Per-grant token lifespans (`oAuth2ClientTokenLifespans`), each a Go duration such as "1h0m0s". */
export const LIFESPAN_FIELDS = [
  'authorization_code_grant_access_token_lifespan',
  'authorization_code_grant_id_token_lifespan',
  'authorization_code_grant_refresh_token_lifespan',
  'client_credentials_grant_access_token_lifespan',
  'implicit_grant_access_token_lifespan',
  'implicit_grant_id_token_lifespan',
  'jwt_bearer_grant_access_token_lifespan',
  'refresh_token_grant_id_token_lifespan',
  'refresh_token_grant_access_token_lifespan',
  'refresh_token_grant_refresh_token_lifespan',
  'device_authorization_grant_id_token_lifespan',
  'device_authorization_grant_access_token_lifespan',
  'device_authorization_grant_refresh_token_lifespan',
] as const;

export type LifespanField = (typeof LIFESPAN_FIELDS)[number];

export type Lifespans = { [K in LifespanField]?: string };

/** A JSON Web Key Set passed by value (OpenID Connect Registration §2, `jwks`). */
export interface ClientJwks {
  keys: Record<string, unknown>[];
}

/** A type alias, not an interface, so that it fits index-signature views such as the token endpoint's TokenClient. */
export type Client = Lifespans & {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
  /** Empty means "authorization_code only" at use time (OIDC Registration §2); Hydra stores it empty. */
  grant_types: string[];
  /** Empty means "code only" at use time (OIDC Registration §2). */
  response_types: string[];
  /** Space-separated (RFC 6749 §3.3). */
  scope: string;
  audience: string[];
  owner: string;
  policy_uri: string;
  tos_uri: string;
  client_uri: string;
  logo_uri: string;
  contacts: string[];
  allowed_cors_origins: string[];
  subject_type: string;
  sector_identifier_uri?: string;
  jwks?: ClientJwks;
  jwks_uri?: string;
  token_endpoint_auth_method: string;
  token_endpoint_auth_signing_alg?: string;
  request_uris?: string[];
  request_object_signing_alg?: string;
  userinfo_signed_response_alg: string;
  post_logout_redirect_uris?: string[];
  frontchannel_logout_uri?: string;
  frontchannel_logout_session_required?: boolean;
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  /** Arbitrary JSON the operator attaches; `{}` when none. */
  metadata: unknown;
  access_token_strategy?: 'jwt' | 'opaque';
  skip_consent: boolean;
  /** Hydra's NullBool: unset (null in JSON) differs from false. */
  skip_logout_consent?: boolean;
  /** Epoch milliseconds, whole seconds as Hydra rounds them. */
  created_at: number;
  updated_at: number;
};

/** A client as the token endpoint needs it: the model and the stored secret hash. */
export interface AuthenticationRecord {
  client: Client;
  secretHash: string | null;
  /**
   * Hashes of the secrets a rotation replaced, newest first (at most ROTATED_SECRETS_KEPT): they
   * still authenticate the client until removed. Absent when there are none.
   */
  rotatedSecretHashes?: string[];
  /** The stored key (registrationTokenKey) of the client's RFC 7592 registration access token; absent when it has none. */
  registrationTokenKey?: string;
}

/** A client together with the plain secret that the same request set, to be shown once. */
export interface ClientWithSecret {
  client: Client;
  secret?: string;
}

/** Whether the client authenticates with a shared secret (RFC 6749 §2.3.1, RFC 7523 §2.2 client_secret_jwt). */
export function usesSecret(client: Pick<Client, 'token_endpoint_auth_method'>): boolean {
  return ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'].includes(client.token_endpoint_auth_method);
}

/**
 * client_secret_jwt keys an HMAC with the plain secret, so its secret is also stored sealed
 * (AES-256-GCM under secrets.system), beside the slow hash that the other methods check.
 */
export function keepsRecoverableSecret(client: Pick<Client, 'token_endpoint_auth_method'>): boolean {
  return client.token_endpoint_auth_method === 'client_secret_jwt';
}
