/**
 * RFC 6749 §4.1.3: the client exchanges a code for tokens. The code must be one we issued, to
 * this client, unused and unexpired; redirect_uri must be repeated exactly when it was sent at
 * authorize; PKCE is verified (RFC 7636 §4.6). A second redemption fails and revokes the access
 * tokens the first one issued (RFC 6749 §4.1.2 SHOULD, RFC 9700 §4.2.4; fosite #567). Checks
 * that fail before redemption leave the code usable by its legitimate owner, as in fosite.
 */
import { errors } from '../../core/errors.js';
import type { AuthorizationCodes } from '../code/authorization-codes.js';
import type { CodeRedemption } from '../code/code-redemption.js';
import type { CodeSession } from '../code/code-store.js';
import { verifyCodeVerifier } from '../authorize/pkce.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { Issuance, TokenResponder } from '../tokens/token-responder.js';
import { RefreshTokens } from '../refresh/refresh-tokens.js';
import type { GrantHandler, TokenRequest, TokenResponse } from './grant-handler.js';

export interface AuthorizationCodeDependencies {
  codes: AuthorizationCodes;
  redemption: CodeRedemption;
  responder: TokenResponder;
  accessTokens: AccessTokenStore;
  refresh: RefreshTokens;
  now: () => number;
}

/** A code that passed every check, with what it grants. */
interface RedeemableCode {
  key: string;
  session: CodeSession;
  issuance: Issuance;
}

export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';

  constructor(private readonly deps: AuthorizationCodeDependencies) {}

  async handle(request: TokenRequest): Promise<TokenResponse> {
    return this.populate(await this.validate(request));
  }

  /** fosite flow_authorize_code_token.go HandleTokenEndpointRequest: nothing is changed yet. */
  async validate({ params, client }: TokenRequest): Promise<RedeemableCode> {
    const grants = client.grant_types && client.grant_types.length > 0 ? client.grant_types : ['authorization_code'];
    if (!grants.includes(this.grantType)) {
      throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'authorization_code'.");
    }
    const found = await this.deps.codes.find(params.require('code'));
    if (!found) throw errors.invalidGrant.withHint('The authorization code is invalid or unknown.');
    const { key, record } = found;
    if (!record.active) return this.replayed(key, record.requestId);
    if (record.expiresAt <= this.deps.now()) throw errors.invalidGrant.withHint('The authorization code has expired.');
    if (record.clientId !== client.client_id) {
      throw errors.invalidGrant.withHint('The OAuth 2.0 Client ID from this request does not match the one from the authorize request.');
    }
    const { session } = record;
    const redirectUri = params.get('redirect_uri');
    if ((session.redirectUriSent || redirectUri !== undefined) && redirectUri !== session.redirectUri) {
      throw errors.invalidGrant.withHint('The "redirect_uri" from this request does not match the one from the authorize request.');
    }
    verifyCodeVerifier(session.codeChallenge, params.get('code_verifier'));
    const idTokenSession = {
      subject: session.idTokenSubject,
      claims: session.idTokenClaims,
      authTime: session.authTime,
      acr: session.acr,
      amr: session.amr,
      sid: session.sid,
      requestedAt: Math.floor(record.requestedAt / 1000),
    };
    const { subject, scope, audience, ext } = session;
    return { key, session, issuance: { client, grant: 'authorization_code', requestId: record.requestId, subject, scope, audience, ext, idTokenSession, request: { params, client } } };
  }

  /**
   * Everything is minted and signed first, then stored with the code's consumption in one
   * transaction (code-redemption.ts): the code is used up only if the whole response can be given.
   */
  async populate({ key, session, issuance }: RedeemableCode): Promise<TokenResponse> {
    const { response, access, refresh } = await this.deps.responder.populate(issuance, {
      // Hydra (fosite canIssueRefreshToken): only with offline or offline_access granted, and only
      // to a client registered for the refresh_token grant.
      refresh: RefreshTokens.allowed(session.scope, issuance.client.grant_types)
        ? { scope: session.scope, session: { ext: session.ext, idToken: issuance.idTokenSession } }
        : undefined,
      // OIDC Core §3.1.3.3: an ID token when openid was granted.
      idToken: session.scope.includes('openid') ? { nonce: session.nonce } : undefined,
    });
    const redeemed = await this.deps.redemption.redeem(key, {
      access: access.record,
      refresh: refresh?.record,
    });
    // Lost to a concurrent redemption, which committed its tokens before we could see the code
    // used: this is a replay, and what the code issued is revoked.
    if (!redeemed) return this.replayed(key, issuance.requestId);
    return response;
  }

  private async replayed(key: string, requestId: string): Promise<never> {
    await this.deps.codes.store.markReplayed(key);
    await this.deps.accessTokens.revokeByRequestId(requestId);
    await this.deps.refresh.store.revokeChain(requestId);
    throw errors.invalidGrant.withHint('The authorization code has already been used.');
  }
}
