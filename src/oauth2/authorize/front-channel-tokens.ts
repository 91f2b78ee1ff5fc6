/**
 * The artefacts of an authorization response once consent is given (OIDC Core §3.2.2.5 implicit,
 * §3.3.2.5 hybrid; RFC 6749 §4.2.2): the code the flow minted, an access token for `token`, an
 * ID token for `id_token`. The access token is stored exactly like the code grant's, under the
 * flow's consent request id, so that revoking the consent session revokes it too. No refresh
 * token is ever issued here (RFC 6749 §4.2.2: "The authorization server MUST NOT issue a
 * refresh token").
 */
import { parseDuration } from '../../config/duration.js';
import type { Client } from '../../client/client.js';
import { errors } from '../../core/errors.js';
import type { IdTokenIssuer } from '../../core/id-token.js';
import type { ConsentOutcome } from '../../flow/flow-service.js';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.js';
import type { ResponseFields } from './authorization-response.js';
import type { ResponseType } from './response-type.js';

export interface FrontChannelOptions {
  issuer: string;
  defaultAccessTokenLifespanMs: number;
  defaultIdTokenLifespanMs: number;
  defaultStrategy: 'opaque' | 'jwt';
  now: () => number;
}

export class FrontChannelTokens {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly options: FrontChannelOptions,
  ) {}

  /** The response parameters, in the order fosite writes them; iss last (RFC 9207 §2). `type` is decided by issue-response.ts. */
  async respond(done: ConsentOutcome & { code?: string }, client: Client, type: ResponseType): Promise<ResponseFields> {
    const openid = done.scope.includes('openid');
    // fosite: an ID token needs openid granted; alone it is then an unhandled response type.
    if (type.idToken && !openid && !type.code && !type.token) {
      throw errors.unsupportedResponseType.withHint("The 'openid' scope was not granted, so no ID token can be issued.");
    }
    const fields: ResponseFields = [];
    if (done.code !== undefined) fields.push(['code', done.code]);
    const requestedAt = Math.floor(this.options.now() / 1000);
    // The access token's ID token session carries the client's view of the subject too, so that
    // userinfo answers the ID token's sub (OIDC Core §5.3.2) and introspection obfuscated_subject.
    const idTokenSession = { subject: done.idTokenSubject, claims: done.idTokenClaims, authTime: done.authTime, acr: done.acr, amr: done.amr, sid: done.sid, requestedAt };
    let accessToken: string | undefined;
    if (type.token) {
      const lifespan = client.implicit_grant_access_token_lifespan;
      const strategy = client.access_token_strategy === 'jwt' || client.access_token_strategy === 'opaque' ? client.access_token_strategy : this.options.defaultStrategy;
      const issued = await this.accessTokens.issue({
        clientId: client.client_id,
        subject: done.subject,
        scope: done.scope,
        audience: done.audience,
        requestId: done.requestId,
        lifespanMs: lifespan ? parseDuration(lifespan) : this.options.defaultAccessTokenLifespanMs,
        strategy,
        ext: done.ext,
        idToken: idTokenSession,
      });
      accessToken = issued.token;
      fields.push(['access_token', issued.token], ['token_type', 'bearer']);
      fields.push(['expires_in', String(Math.max(0, Math.round((issued.expiresAt - this.options.now()) / 1000)))]);
    }
    if (type.idToken && openid) {
      const lifespan = client.implicit_grant_id_token_lifespan;
      const idToken = await this.idTokens.issue({
        clientId: client.client_id,
        // OIDC Core §8: the ID token carries the client's view of the subject (pairwise or public).
        subject: done.idTokenSubject ?? done.subject,
        authTime: done.authTime,
        requestedAt,
        nonce: done.nonce,
        acr: done.acr,
        amr: done.amr,
        sid: done.sid,
        // OIDC Core §3.2.2.10 at_hash and §3.3.2.11 c_hash: bind the ID token to what travels with it.
        accessToken,
        code: done.code,
        extra: done.idTokenClaims,
        lifespanMs: lifespan ? parseDuration(lifespan) : this.options.defaultIdTokenLifespanMs,
      });
      fields.push(['id_token', idToken]);
    }
    if (type.code || type.token) fields.push(['scope', done.scope.join(' ')]);
    if (done.state !== undefined) fields.push(['state', done.state]);
    fields.push(['iss', this.options.issuer]);
    return fields;
  }
}
