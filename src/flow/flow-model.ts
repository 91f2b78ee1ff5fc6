/**
 * What a flow carries from step to step. The authorization request is validated once at
 * /oauth2/auth and then trusted; the login and consent results come from the admin API in
 * Hydra's JSON field names (hydra-contract.md §3), kept here as received.
 */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** RFC 6749 §4.1.3: if redirect_uri was sent, the token request must repeat it. */
  redirectUriSent: boolean;
  /** Canonical word order (response-type.ts): code, id_token, token. */
  responseType: string;
  /** Where the answer goes (Multiple Response Types §2.1); absent in flows started before it existed. */
  responseMode?: 'query' | 'fragment' | 'form_post';
  state?: string;
  scope: string[];
  audience: string[];
  nonce?: string;
  /** RFC 7636: S256 only. */
  codeChallenge?: string;
  prompt: string[];
  maxAge?: number;
  loginHint?: string;
  acrValues: string[];
  uiLocales: string[];
  display?: string;
  /** Claims of a verified id_token_hint (OIDC Core §3.1.2.1), shown in oidc_context. */
  idTokenHintClaims?: Record<string, unknown>;
  /** The URL the user agent comes back to with a verifier (Hydra's request_url). */
  requestUrl: string;
  /**
   * RFC 8628: the flow was started by the device verification page for this device
   * authorization (oauth2/device/), whose consent approves the device code instead of issuing a
   * code; only /oauth2/device/verify finishes such a flow, only /oauth2/auth the others.
   */
  device?: { key: string };
}

export interface LoginResult {
  subject: string;
  remember: boolean;
  remember_for: number;
  acr: string;
  amr: string[];
  context: unknown;
  force_subject_identifier: string;
  /** Epoch seconds (OIDC Core §2 auth_time). */
  authenticated_at: number;
  /**
   * A skipped login re-sets the remembered-login cookie with a new lifetime (Hydra
   * verifyAuthentication); absent in flows accepted before Tessera read it.
   */
  extend_session_lifespan?: boolean;
  /** The identity provider's (Ory Kratos) session, disabled when this login session ends; '' for none. */
  identity_provider_session_id?: string;
}

export interface ConsentResult {
  grant_scope: string[];
  grant_access_token_audience: string[];
  remember: boolean;
  remember_for: number;
  context: unknown;
  session: { access_token: Record<string, unknown>; id_token: Record<string, unknown> };
  handled_at: number;
}

/** A reject body (RequestDeniedError): Hydra defaults the name to request_denied and status 400. */
export interface DeniedResult {
  error: string;
  error_description: string;
  error_hint: string;
  /** Shown to the client only under oauth2.expose_internal_errors (fosite GetDescription); absent in older flows. */
  error_debug?: string;
  status_code: number;
}

export interface FlowData {
  request: AuthorizeRequest;
  /** Kept (sealed) only because the consent request shows it (hydra-contract.md §3, login_challenge). */
  loginChallenge: string;
  consentChallenge?: string;
  loginCsrf: string;
  consentCsrf?: string;
  loginSessionId: string;
  /** A remembered login exists: the login UI is told `skip` and must accept the same subject. */
  skip: boolean;
  rememberedSubject?: string;
  rememberedAuthTime?: number;
  /** A remembered consent covers this request: the consent UI is told `skip`. */
  consentSkip?: boolean;
  consentRequestId: string;
  /** The `sub` of the ID token and userinfo (subject-identifier.ts), fixed when login is used. */
  subjectIdentifier?: string;
  login?: LoginResult;
  consent?: ConsentResult;
  denied?: DeniedResult;
}

/**
 * The grant the user consented to, as the consent leg hands it on: the authorization code stands
 * for it (oauth2/code/code-store.ts seals it at rest) and front-channel tokens are issued from it.
 */
export interface ConsentedGrant {
  redirectUri: string;
  redirectUriSent: boolean;
  subject: string;
  /** OIDC Core §8: the ID token's sub (pairwise or forced); `subject` when absent. */
  idTokenSubject?: string;
  scope: string[];
  audience: string[];
  /** consent session.access_token: carried as `ext` by the access token. */
  ext: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  acr: string;
  amr: string[];
  sid: string;
}
