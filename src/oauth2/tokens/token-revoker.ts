/**
 * RFC 7009 revocation. The client is authenticated by the endpoint; here the token is found and
 * revoked together with the other tokens of the same grant (§2.1: revoking one token of a grant
 * SHOULD revoke the tokens derived from it). An unknown or invalid token is not an error (§2.2:
 * 200). Another client's token is refused with unauthorized_client (§2.1), where Hydra answers
 * 200 without revoking. If storage cannot be reached the answer is 503, never a 200 that would
 * leave the token valid (fosite advisory GHSA-7mqr-2v3q-v2wm).
 */
import { errors, isOAuthError } from '../../core/errors.js';
import type { AccessTokenStore } from './access-token-store.js';
import type { TokenIntrospector } from './token-introspector.js';
import type { RefreshTokens } from '../refresh/refresh-tokens.js';

export class TokenRevoker {
  constructor(
    private readonly store: AccessTokenStore,
    private readonly introspector: TokenIntrospector,
    private readonly refresh?: RefreshTokens,
  ) {}

  async revoke(clientId: string, token: string): Promise<void> {
    try {
      if (this.refresh && token.startsWith('ory_rt_')) return await this.revokeRefresh(clientId, token);
      const key = await this.introspector.accessTokenKey(token);
      if (!key) return;
      const record = await this.store.get(key);
      if (!record) return;
      if (record.clientId !== clientId) {
        throw errors.unauthorizedClient.withHint('The token was not issued to the client making the revocation request.');
      }
      await this.store.revokeByRequestId(record.requestId);
    } catch (error) {
      if (isOAuthError(error)) throw error;
      throw errors.temporarilyUnavailable.withHint('The token could not be revoked because storage is unavailable; retry.');
    }
  }

  /** §2.1: revoking a refresh token SHOULD revoke the access tokens of the same grant: the chain dies. */
  private async revokeRefresh(clientId: string, token: string): Promise<void> {
    const record = await this.refresh!.find(token);
    if (!record) return;
    if (record.clientId !== clientId) {
      throw errors.unauthorizedClient.withHint('The token was not issued to the client making the revocation request.');
    }
    await this.refresh!.store.revokeChain(record.requestId);
  }
}
