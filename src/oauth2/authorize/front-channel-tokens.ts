/**
 * The artefacts of an authorization response once consent is given (OIDC Core §3.2.2.5 implicit,
 * §3.3.2.5 hybrid; RFC 6749 §4.2.2): the code the flow minted, an access token for `token`, an
 * ID token for `id_token`. The access token is minted exactly like the code grant's, under the
 * flow's consent request id, so that revoking the consent session revokes it too. No refresh
 * token is ever issued here (RFC 6749 §4.2.2: "The authorization server MUST NOT issue a
 * refresh token").
 *
 * Nothing is stored here: the access token's record is returned, and issue-response.ts stores it
 * in the transaction that uses the consent verifier up and stores the code.
 */
import type { Client } from '../../client/client.js';
import { errors } from '../../core/errors.js';
import type { ConsentOutcome } from '../../flow/flow-service.js';
import type { MintedAccessToken } from '../tokens/access-token-issuer.js';
import type { AccessTokenRecord } from '../tokens/access-token-store.js';
import type { Issuance, TokenResponder } from '../tokens/token-responder.js';
import type { ResponseFields } from './authorization-response.js';
import type { ResponseType } from './response-type.js';

export interface FrontChannelDependencies {
  responder: TokenResponder;
  issuer: string;
  now: () => number;
}

/** The response parameters, and the access token they carry, minted but not yet stored. */
export interface FrontChannelResponse {
  fields: ResponseFields;
  accessToken?: AccessTokenRecord;
}

export class FrontChannelTokens {
  constructor(private readonly deps: FrontChannelDependencies) {}

  /** The response parameters, in the order fosite writes them; iss last (RFC 9207 §2). `type` is decided by issue-response.ts. */
  async respond(done: ConsentOutcome & { code?: string }, client: Client, type: ResponseType): Promise<FrontChannelResponse> {
    const openid = done.scope.includes('openid');
    // fosite: an ID token needs openid granted; alone it is then an unhandled response type.
    if (type.idToken && !openid && !type.code && !type.token) {
      throw errors.unsupportedResponseType.withHint("The 'openid' scope was not granted, so no ID token can be issued.");
    }
    const { responder } = this.deps;
    const fields: ResponseFields = [];
    if (done.code !== undefined) fields.push(['code', done.code]);
    const requestedAt = Math.floor(this.deps.now() / 1000);
    // The access token's ID token session carries the client's view of the subject too, so that
    // userinfo answers the ID token's sub (OIDC Core §5.3.2) and introspection obfuscated_subject.
    const idTokenSession = { subject: done.idTokenSubject, claims: done.idTokenClaims, authTime: done.authTime, acr: done.acr, amr: done.amr, sid: done.sid, requestedAt };
    const issuance: Issuance = {
      client,
      grant: 'implicit',
      requestId: done.requestId,
      subject: done.subject,
      scope: done.scope,
      audience: done.audience,
      ext: done.ext,
      idTokenSession,
    };
    let access: MintedAccessToken | undefined;
    if (type.token) {
      access = await responder.accessToken(issuance);
      fields.push(['access_token', access.token], ['token_type', 'bearer']);
      fields.push(['expires_in', String(responder.expiresIn(access.expiresAt))]);
    }
    if (type.idToken && openid) {
      // OIDC Core §3.2.2.10 at_hash and §3.3.2.11 c_hash: bind the ID token to what travels with it.
      const idToken = await responder.idToken(issuance, { nonce: done.nonce, accessToken: access?.token, code: done.code });
      if (idToken !== undefined) fields.push(['id_token', idToken]);
    }
    if (type.code || type.token) fields.push(['scope', done.scope.join(' ')]);
    if (done.state !== undefined) fields.push(['state', done.state]);
    fields.push(['iss', this.deps.issuer]);
    return access ? { fields, accessToken: access.record } : { fields };
  }
}
