/**
 * RFC 6749 §4.1.3: the client exchanges a code for tokens. The code must be one we issued, to
 * this client, unused and unexpired; redirect_uri must be repeated exactly when it was sent at
 * authorize; PKCE is verified (RFC 7636 §4.6). A second redemption fails and revokes the access
 * tokens the first one issued (RFC 6749 §4.1.2 SHOULD, RFC 9700 §4.2.4; fosite #567). Checks
 * that fail before redemption leave the code usable by its legitimate owner, as in fosite.
 */
import { errors } from '../../core/errors.js';
import { parseDuration } from '../../config/duration.js';
import type { AuthorizationCodes } from '../code/authorization-codes.js';
import type { CodeRedemption } from '../code/code-redemption.js';
import { verifyCodeVerifier } from '../authorize/pkce.js';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { IdTokenIssuer } from '../../core/id-token.js';
import { RefreshTokens } from '../refresh/refresh-tokens.js';
import type { GrantHandler, TokenRequest, TokenResponse } from './grant-handler.js';

export interface AuthorizationCodeOptions {
  defaultLifespanMs: number;
  defaultIdTokenLifespanMs: number;
  defaultStrategy: 'opaque' | 'jwt';
  now: () => number;
}

export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';

  constructor(
    private readonly codes: AuthorizationCodes,
    private readonly redemption: CodeRedemption,
    private readonly issuer: AccessTokenIssuer,
    private readonly accessTokens: AccessTokenStore,
    private readonly idTokens: IdTokenIssuer,
    private readonly options: AuthorizationCodeOptions,
    private readonly refresh?: RefreshTokens,
  ) {}

  async handle({ params, client }: TokenRequest): Promise<TokenResponse> {
    const grants = client.grant_types && client.grant_types.length > 0 ? client.grant_types : ['authorization_code'];
    if (!grants.includes(this.grantType)) {
      throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'authorization_code'.");
    }
    const found = await this.codes.find(params.require('code'));
    if (!found) throw errors.invalidGrant.withHint('The authorization code is invalid or unknown.');
    const { key, record } = found;
    if (!record.active) return this.replayed(key, record.requestId);
    if (record.expiresAt <= this.options.now()) throw errors.invalidGrant.withHint('The authorization code has expired.');
    if (record.clientId !== client.client_id) {
      throw errors.invalidGrant.withHint('The OAuth 2.0 Client ID from this request does not match the one from the authorize request.');
    }
    const { session } = record;
    const redirectUri = params.get('redirect_uri');
    if ((session.redirectUriSent || redirectUri !== undefined) && redirectUri !== session.redirectUri) {
      throw errors.invalidGrant.withHint('The "redirect_uri" from this request does not match the one from the authorize request.');
    }
    verifyCodeVerifier(session.codeChallenge, params.get('code_verifier'));
    const lifespan = client.authorization_code_grant_access_token_lifespan;
    const strategy = client.access_token_strategy === 'jwt' || client.access_token_strategy === 'opaque'
      ? client.access_token_strategy
      : this.options.defaultStrategy;
    const idTokenSession = {
      subject: session.idTokenSubject,
      claims: session.idTokenClaims,
      authTime: session.authTime,
      acr: session.acr,
      amr: session.amr,
      sid: session.sid,
      requestedAt: Math.floor(record.requestedAt / 1000),
    };
    // Everything is minted and signed first, then stored with the code's consumption in one
    // transaction (code-redemption.ts): the code is used up only if the whole response can be given.
    const access = await this.issuer.mint({
      clientId: client.client_id,
      subject: session.subject,
      scope: session.scope,
      audience: session.audience,
      requestId: record.requestId,
      lifespanMs: lifespan ? parseDuration(lifespan) : this.options.defaultLifespanMs,
      strategy,
      ext: session.ext,
      idToken: idTokenSession,
    });
    // Hydra (fosite canIssueRefreshToken): only with offline or offline_access granted, and only
    // to a client registered for the refresh_token grant.
    const refresh = this.refresh && RefreshTokens.allowed(session.scope, client.grant_types)
      ? this.refresh.mint({
          requestId: record.requestId,
          clientId: client.client_id,
          subject: session.subject,
          scope: session.scope,
          audience: session.audience,
          session: { ext: session.ext, idToken: idTokenSession },
          lifespanMs: this.refresh.lifespan(client.authorization_code_grant_refresh_token_lifespan),
          accessTokenKey: access.key,
        })
      : undefined;
    const response: TokenResponse = {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: Math.max(0, Math.round((access.expiresAt - this.options.now()) / 1000)),
      scope: session.scope.join(' '),
    };
    if (refresh) response.refresh_token = refresh.token;
    // OIDC Core §3.1.3.3: an ID token when openid was granted.
    if (session.scope.includes('openid')) {
      const idLifespan = client.authorization_code_grant_id_token_lifespan;
      response.id_token = await this.idTokens.issue({
        clientId: client.client_id,
        subject: session.idTokenSubject ?? session.subject,
        authTime: session.authTime,
        requestedAt: Math.floor(record.requestedAt / 1000),
        nonce: session.nonce,
        acr: session.acr,
        amr: session.amr,
        sid: session.sid,
        accessToken: access.token,
        extra: session.idTokenClaims,
        lifespanMs: idLifespan ? parseDuration(idLifespan) : this.options.defaultIdTokenLifespanMs,
      });
    }
    const redeemed = await this.redemption.redeem(key, {
      access: access.record,
      refresh: refresh?.record,
    });
    // Lost to a concurrent redemption, which committed its tokens before we could see the code
    // used: this is a replay, and what the code issued is revoked.
    if (!redeemed) return this.replayed(key, record.requestId);
    return response;
  }

  private async replayed(key: string, requestId: string): Promise<never> {
    await this.codes.store.markReplayed(key);
    await this.accessTokens.revokeByRequestId(requestId);
    await this.refresh?.store.revokeChain(requestId);
    throw errors.invalidGrant.withHint('The authorization code has already been used.');
  }
}
