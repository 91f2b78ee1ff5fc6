/**
 * RFC 6749 §6: the refresh_token grant, with fosite's `flow_refresh.go` semantics. The token must
 * be one we issued, to this client (§6: "ensure that the refresh token was issued to the
 * authenticated client"), for a grant with offline access. Every use rotates it (RFC 9700
 * §4.14.2); presenting a rotated token again outside the grace period is taken as theft and
 * revokes the whole chain (RFC 6819 §5.2.2.3). `scope` may narrow the new access token but never
 * widen it (§6); the new refresh token keeps the original scope (§6: "MUST be identical").
 * An ID token is issued again when openid is in scope, without nonce (OIDC Core §12.2).
 */
import { errors } from '../../core/errors.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import { firstDisallowedAudience } from '../../core/audience-strategy.js';
import { parseDuration } from '../../config/duration.js';
import type { IdTokenIssuer } from '../../core/id-token.js';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.js';
import { OFFLINE_SCOPES, type RefreshTokens } from '../refresh/refresh-tokens.js';
import { isConcurrentUse, withinGrace, type GracePolicy } from '../refresh/refresh-rotation.js';
import type { RefreshRecord } from '../refresh/refresh-token-store.js';
import type { GrantHandler, TokenClient, TokenRequest, TokenResponse } from './grant-handler.js';

const concurrentUse = errors.invalidGrant.withHint('The refresh token was used by a concurrent request; it is no longer valid.');

/**
 * A lost race on the same chain (a deadlock, serialization failure or lock wait that outlived the
 * retries) is the client's problem to resolve, not a server error, as in fosite's
 * handler/oauth2/flow_refresh.go (handleRefreshTokenEndpointStorageError).
 */
function concurrent(error: unknown): never {
  throw isConcurrentUse(error) ? concurrentUse : error;
}

export interface RefreshTokenOptions {
  defaultLifespanMs: number;
  defaultIdTokenLifespanMs: number;
  defaultStrategy: 'opaque' | 'jwt';
  scopeStrategy: ScopeStrategy;
  grace: GracePolicy;
  now: () => number;
}

export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';

  constructor(
    private readonly refresh: RefreshTokens,
    private readonly issuer: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly options: RefreshTokenOptions,
  ) {}

  async handle({ params, client }: TokenRequest): Promise<TokenResponse> {
    if (!(client.grant_types ?? []).includes(this.grantType)) {
      throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'refresh_token'.");
    }
    const record = await this.refresh.find(params.require('refresh_token'));
    if (!record) throw errors.invalidGrant.withHint('The refresh token is malformed or not valid.');
    const now = this.options.now();
    if (!record.active && !withinGrace(record, this.options.grace, now)) return this.reused(record);
    if (this.refresh.expired(record) && record.active) throw errors.invalidGrant.withHint('The refresh token expired.');
    if (!record.grantedScope.some((scope) => OFFLINE_SCOPES.includes(scope))) {
      throw errors.invalidScope.withHint("The OAuth 2.0 Client was not granted scope offline or offline_access and may thus not perform the 'refresh_token' authorization grant.");
    }
    if (record.clientId !== client.client_id) {
      throw errors.invalidGrant.withHint('The OAuth 2.0 Client ID from this request does not match the ID during the initial token issuance.');
    }
    this.stillAllowed(record, client);
    const scope = this.narrowedScope(record, client, params.get('scope'));
    const strategy = client.access_token_strategy === 'jwt' || client.access_token_strategy === 'opaque' ? client.access_token_strategy : this.options.defaultStrategy;
    const atLifespan = client.refresh_token_grant_access_token_lifespan;
    const access = await this.issuer.mint({
      clientId: client.client_id,
      subject: record.subject,
      scope,
      audience: record.grantedAudience,
      requestId: record.requestId,
      lifespanMs: atLifespan ? parseDuration(atLifespan) : this.options.defaultLifespanMs,
      strategy,
      ext: record.session.ext,
      idToken: record.session.idToken,
    });
    const next = this.refresh.mint({
      requestId: record.requestId,
      clientId: client.client_id,
      subject: record.subject,
      scope: record.grantedScope,
      audience: record.grantedAudience,
      session: record.session,
      lifespanMs: this.refresh.lifespan(client.refresh_token_grant_refresh_token_lifespan),
      accessTokenKey: access.key,
    });
    // Signed before the transaction: nothing is rotated unless the whole response can be given.
    const idToken = scope.includes('openid') ? await this.idToken(record, client, access.token) : undefined;
    // A deadlock victim was rolled back whole and runs again; a real concurrent use of this
    // token then finds it claimed and fails below.
    const rotated = await this.refresh.rotate(record, { access: access.record, refresh: next.record }, this.options.grace, now).catch(concurrent);
    if (!rotated) throw concurrentUse;
    const response: TokenResponse = {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: Math.max(0, Math.round((access.expiresAt - now) / 1000)),
      scope: scope.join(' '),
      refresh_token: next.token,
    };
    if (idToken) response.id_token = idToken;
    return response;
  }

  /**
   * fosite flow_refresh.go: the grant is renewed only within what the client may have today. A
   * client whose scope or audience was narrowed since the grant does not get the removed ones back
   * (RFC 9700 §2.3, least privilege); the request fails before rotation, so the token stays usable.
   */
  private stillAllowed(record: RefreshRecord, client: TokenClient): void {
    const allowedByClient = splitScope(client.scope);
    for (const name of record.grantedScope) {
      if (!this.options.scopeStrategy(allowedByClient, name)) {
        throw errors.invalidScope.withHint(`The OAuth 2.0 Client is not allowed to request scope '${name}'.`);
      }
    }
    const disallowed = firstDisallowedAudience(client.audience ?? [], record.grantedAudience);
    if (disallowed !== undefined) {
      throw errors.invalidRequest.withHint(`Requested audience '${disallowed}' has not been whitelisted by the OAuth 2.0 Client.`);
    }
  }

  /** RFC 6749 §6: the requested scope "MUST NOT include any scope not originally granted". */
  private narrowedScope(record: RefreshRecord, client: TokenClient, requested: string | undefined): string[] {
    const scope = requested === undefined ? record.grantedScope : splitScope(requested);
    const allowedByClient = splitScope(client.scope);
    for (const name of scope) {
      if (!record.grantedScope.includes(name)) {
        throw errors.invalidScope.withHint(`The requested scope '${name}' was not originally granted by the resource owner.`);
      }
      if (!this.options.scopeStrategy(allowedByClient, name)) {
        throw errors.invalidScope.withHint(`The OAuth 2.0 Client is not allowed to request scope '${name}'.`);
      }
    }
    return scope;
  }

  private async idToken(record: RefreshRecord, client: TokenClient, accessToken: string): Promise<string | undefined> {
    const session = record.session.idToken;
    if (!session) return undefined;
    const lifespan = client.refresh_token_grant_id_token_lifespan;
    return this.idTokens.issue({
      clientId: client.client_id,
      subject: session.subject ?? record.subject,
      authTime: session.authTime,
      requestedAt: session.requestedAt,
      acr: session.acr,
      amr: session.amr,
      sid: session.sid,
      accessToken,
      extra: session.claims,
      lifespanMs: lifespan ? parseDuration(lifespan) : this.options.defaultIdTokenLifespanMs,
    });
  }

  /** RFC 6819 §5.2.2.3: the server cannot tell thief from owner, so the whole grant is revoked. */
  private async reused(record: RefreshRecord): Promise<never> {
    await this.refresh.store.revokeChain(record.requestId).catch(concurrent);
    if (record.revoked && record.firstUsedAt === null) throw errors.invalidGrant.withHint('The refresh token has been revoked.');
    throw errors.invalidGrant
      .withHint('The refresh token was already used: refresh token re-use was detected and all related tokens have been revoked.')
      .withDebug('Refresh token re-use was detected. All related tokens have been revoked.');
  }
}
