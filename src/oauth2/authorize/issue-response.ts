/**
 * The last step of the authorization endpoint, once the consent verifier was used: the one place
 * that reads the consented request's response type and decides what the answer carries (OAuth 2.0
 * Multiple Response Type Encoding Practices §3; OIDC Core §3.1.2.5, §3.2.2.5, §3.3.2.5): a code
 * when it names `code`, then the tokens it names (front-channel-tokens.ts), in the response mode
 * the request asked for.
 *
 * Order of writes (leg 5 of the flow): the flow service has consumed the consent verifier; then
 * the code is stored; then the front-channel tokens. They are three statements, not one
 * transaction yet (architecture review, section 2.2 item 3).
 */
import type { Client } from '../../client/client.js';
import type { ConsentOutcome } from '../../flow/flow-service.js';
import type { CodeSession } from '../code/code-store.js';
import { authorizationResponse, type AuthorizeOutcome } from './authorization-response.js';
import type { FrontChannelTokens } from './front-channel-tokens.js';
import { parseResponseType, type ResponseType } from './response-type.js';

export interface CodeIssuer {
  issue(requestId: string, clientId: string, session: CodeSession): Promise<string>;
}

/** The stored request was validated when the flow started; a flow from before canonical names answers with a code. */
const CODE_ONLY: ResponseType = { code: true, token: false, idToken: false };

export class ResponseIssuer {
  constructor(
    private readonly codes: CodeIssuer,
    private readonly tokens: FrontChannelTokens,
  ) {}

  /** The flow's stored request is authoritative for where and how the answer goes, not the URL of this hop. */
  async issue(done: ConsentOutcome, client: Client): Promise<AuthorizeOutcome> {
    // The code keeps the consented grant only (CodeSession), not the request around it.
    const { state: _state, request, requestId, ...session } = done;
    const type = parseResponseType(request.responseType) ?? CODE_ONLY;
    // Implicit responses (OIDC Core §3.2) carry no code: none is minted.
    const code = type.code ? await this.codes.issue(requestId, client.client_id, session) : undefined;
    const fields = await this.tokens.respond({ ...done, code }, client, type);
    return authorizationResponse(done.redirectUri, request.responseMode ?? 'query', fields);
  }
}
