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
import type { TokenClient, TokenResponse } from '../grants/grant-handler.js';
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
}

export class TokenResponder {
  constructor(private readonly deps: TokenResponderDependencies) {}

  /**
   * The token endpoint's answer (RFC 6749 §5.1): an access token, a refresh token when asked,
   * and an ID token when asked and the grant carries a user's session (OIDC Core §3.1.3.3, §12.2).
   * Everything is minted and signed before the caller stores anything.
   */
  async populate(issuance: Issuance, options: { refresh?: RefreshIssuance; idToken?: IdTokenExtras } = {}): Promise<Populated> {
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
