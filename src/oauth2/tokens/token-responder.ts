/**
 * Mints what a grant gives and builds the token response, in one place for every grant: fosite's
 * HandleHelper.IssueAccessToken plus its OpenID Connect handlers (handler/oauth2/helper.go,
 * handler/openid/*). The access-token strategy (opaque or JWT: the client's
 * `access_token_strategy`, else `strategies.access_token`), each token's lifespan (lifespans.ts),
 * `expires_in` and the ID token's claims are decided only here.
 *
 * Nothing is stored: the minted records are returned with the response, and the caller stores
 * them as its invariant requires (through the batched writer, or in the transaction that consumes
 * the code or the refresh token the response is given for).
 */
import type { IdTokenIssuer } from './id-token.js';
import type { TokenClient, TokenRequest, TokenResponse } from '../grants/grant-handler.js';
import type { RefreshRecord, RefreshSession } from '../refresh/refresh-token-store.js';
import type { RefreshTokens } from '../refresh/refresh-tokens.js';
import type { AccessTokenIssuer, MintedAccessToken } from './access-token-issuer.js';
import { effectiveLifespan, type DefaultLifespans, type LifespanGrant } from './lifespans.js';
import type { IdTokenSession } from './token-session.js';

/** What one grant gives: who, what scope and audience, under which request id. */
export interface Issuance {
  client: TokenClient;
  /** Names the client's lifespan fields (`<grant>_grant_<token>_lifespan`). */
  grant: LifespanGrant;
  requestId: string;
  subject: string;
  /** The access token's scope, which the response names. */
  scope: string[];
  audience: string[];
  /** Claims the access token carries (`session.access_token` of the consent). */
  ext: Record<string, unknown>;
  /** What the user's login and consent said, stored with the tokens for /userinfo and refresh. */
  idTokenSession?: IdTokenSession;
  /**
   * The token request this issuance answers. A grant of the token endpoint sets it, and that is
   * how it opts in to the token hooks (`populate` calls them); the authorization endpoint's
   * implicit and hybrid tokens have none and are not hooked, as in Hydra.
   */
  request?: TokenRequest;
}

/**
 * Hydra's access request hooks (oauth2/hooks/token-hooks.ts): given the issuance before anything
 * is minted, the issuance to mint (its `ext` and ID token claims replaced by a hook), or an
 * OAuthError that refuses the request.
 */
export interface IssuanceHooks {
  readonly enabled: boolean;
  apply(hooked: {
    issuance: Issuance;
    request: TokenRequest;
    expiresAt: { access_token: number; refresh_token?: number };
    nonce?: string;
    now: number;
  }): Promise<Issuance>;
}

/** A refresh token to issue with the access token (fosite canIssueRefreshToken decided it). */
export interface RefreshIssuance {
  /** RFC 6749 §6: a rotated refresh token keeps the scope first granted, which may be wider. */
  scope: string[];
  session: RefreshSession;
}

/** ID token parameters that travel with one response only (OIDC Core §3.1.3.6, §3.3.2.11). */
export interface IdTokenExtras {
  nonce?: string;
  /** at_hash: the access token issued in the same response. */
  accessToken?: string;
  /** c_hash: the code issued in the same authorization response (hybrid flow). */
  code?: string;
}

export interface Populated {
  response: TokenResponse;
  access: MintedAccessToken;
  refresh?: { token: string; record: RefreshRecord };
}

/** Only the minting parts: the responder stores nothing, and a unit test needs no database. */
export interface TokenResponderDependencies {
  accessTokens: Pick<AccessTokenIssuer, 'mint'>;
  refreshTokens: Pick<RefreshTokens, 'mint'>;
  idTokens: Pick<IdTokenIssuer, 'issue'>;
  defaults: DefaultLifespans;
  defaultStrategy: 'opaque' | 'jwt';
  now: () => number;
  /** oauth2.token_hook and oauth2.refresh_token_hook; none when neither is set. */
  hooks?: IssuanceHooks;
}

export class TokenResponder {
  constructor(private readonly deps: TokenResponderDependencies) {}

  /**
   * The token endpoint's answer (RFC 6749 §5.1): an access token, a refresh token when asked,
   * and an ID token when asked and the grant carries a user's session (OIDC Core §3.1.3.3, §12.2).
   * Everything is minted and signed before the caller stores anything.
   */
  async populate(given: Issuance, options: { refresh?: RefreshIssuance; idToken?: IdTokenExtras } = {}): Promise<Populated> {
    const issuance = await this.hooked(given, options);
    if (issuance !== given && options.refresh) {
      // Hydra stores the hooked session with the new refresh token too, so a refresh keeps the
      // hook's claims (fosite flow_refresh.go and flow_authorize_code_token.go store the requester).
      const session = { ...options.refresh.session, ext: issuance.ext, idToken: issuance.idTokenSession ?? options.refresh.session.idToken };
      options = { ...options, refresh: { ...options.refresh, session } };
    }
    const access = await this.accessToken(issuance);
    const refresh = options.refresh && this.refreshToken(issuance, options.refresh, access.key);
    const response: TokenResponse = {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: this.expiresIn(access.expiresAt),
      scope: issuance.scope.join(' '),
    };
    if (refresh) response.refresh_token = refresh.token;
    const idToken = options.idToken && (await this.idToken(issuance, { ...options.idToken, accessToken: access.token }));
    if (idToken) response.id_token = idToken;
    return { response, access, ...(refresh ? { refresh } : {}) };
  }

  /**
   * Hydra's oauth2TokenExchange runs the access request hooks after the grant's checks and before
   * NewAccessResponse mints: a refusal leaves the code or the refresh token as it was.
   */
  private async hooked(issuance: Issuance, options: { refresh?: RefreshIssuance; idToken?: IdTokenExtras }): Promise<Issuance> {
    const { hooks } = this.deps;
    if (!hooks?.enabled || !issuance.request) return issuance;
    const now = this.deps.now();
    const refreshLifespan = options.refresh ? effectiveLifespan(issuance.client, issuance.grant, 'refresh_token', this.deps.defaults) : undefined;
    return hooks.apply({
      issuance,
      request: issuance.request,
      expiresAt: {
        access_token: now + effectiveLifespan(issuance.client, issuance.grant, 'access_token', this.deps.defaults),
        ...(refreshLifespan !== undefined && refreshLifespan >= 0 ? { refresh_token: now + refreshLifespan } : {}),
      },
      nonce: options.idToken?.nonce,
      now,
    });
  }

  /** An access token of the client's strategy and lifespan, not yet stored. */
  accessToken(issuance: Issuance): Promise<MintedAccessToken> {
    const { client } = issuance;
    const strategy = client.access_token_strategy === 'jwt' || client.access_token_strategy === 'opaque'
      ? client.access_token_strategy
      : this.deps.defaultStrategy;
    return this.deps.accessTokens.mint({
      clientId: client.client_id,
      subject: issuance.subject,
      scope: issuance.scope,
      audience: issuance.audience,
      requestId: issuance.requestId,
      lifespanMs: effectiveLifespan(client, issuance.grant, 'access_token', this.deps.defaults),
      strategy,
      ext: issuance.ext,
      idToken: issuance.idTokenSession,
    });
  }

  /**
   * An ID token for the grant's user (OIDC Core §2): the client's view of the subject (§8,
   * pairwise or public) and the claims the consent added. None when the grant carries no user
   * session (a refresh token issued before ID-token sessions were stored).
   */
  async idToken(issuance: Issuance, extras: IdTokenExtras): Promise<string | undefined> {
    const session = issuance.idTokenSession;
    if (!session) return undefined;
    return this.deps.idTokens.issue({
      clientId: issuance.client.client_id,
      subject: session.subject ?? issuance.subject,
      authTime: session.authTime,
      requestedAt: session.requestedAt,
      nonce: extras.nonce,
      acr: session.acr,
      amr: session.amr,
      sid: session.sid,
      accessToken: extras.accessToken,
      code: extras.code,
      extra: session.claims,
      lifespanMs: effectiveLifespan(issuance.client, issuance.grant, 'id_token', this.deps.defaults),
    });
  }

  /** RFC 6749 §5.1 `expires_in`: whole seconds left, never negative. */
  expiresIn(expiresAt: number): number {
    return Math.max(0, Math.round((expiresAt - this.deps.now()) / 1000));
  }

  private refreshToken(issuance: Issuance, refresh: RefreshIssuance, accessTokenKey: string) {
    return this.deps.refreshTokens.mint({
      requestId: issuance.requestId,
      clientId: issuance.client.client_id,
      subject: issuance.subject,
      scope: refresh.scope,
      audience: issuance.audience,
      session: refresh.session,
      lifespanMs: effectiveLifespan(issuance.client, issuance.grant, 'refresh_token', this.deps.defaults),
      accessTokenKey,
    });
  }
}
