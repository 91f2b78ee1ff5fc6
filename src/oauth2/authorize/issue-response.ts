/**
 * The last step of the authorization endpoint, once the consent verifier was checked: the one
 * place that reads the consented request's response type and decides what the answer carries
 * (OAuth 2.0 Multiple Response Type Encoding Practices §3; OIDC Core §3.1.2.5, §3.2.2.5,
 * §3.3.2.5): a code when it names `code`, then the tokens it names (front-channel-tokens.ts), in
 * the response mode the request asked for.
 *
 * Leg 5 of the flow writes three things, in one transaction (security checklist §6, "nothing is
 * half-written"), as code-redemption.ts does for the token endpoint: the step that uses the
 * consent verifier up (a compare-and-set, flow-service.ts), the code, and the front-channel access
 * token. Everything is minted and signed first (code, access token, ID token), so that the
 * transaction only writes. A failure anywhere leaves the verifier unused and nothing issued, and
 * the same verifier can be used again; of two concurrent uses, the second one's step waits for
 * the first to commit and is then refused ("already been used"), having written nothing.
 */
import type { Client } from '../../client/client.js';
import type { ConsentUse } from '../../flow/flow-service.js';
import type { UnitOfWork } from '../../persistence/unit-of-work.js';
import type { CodeRecord, CodeSession } from '../code/code-store.js';
import type { CodeRow } from '../../persistence/tables.js';
import type { MintedCode } from '../code/authorization-codes.js';
import type { AccessTokenRecord } from '../tokens/access-token-store.js';
import { authorizationResponse, type AuthorizeOutcome } from './authorization-response.js';
import type { FrontChannelTokens } from './front-channel-tokens.js';
import { parseResponseType, type ResponseType } from './response-type.js';

export interface CodeMinter {
  mint(requestId: string, clientId: string, session: CodeSession): MintedCode;
}

/** The stored request was validated when the flow started; a flow from before canonical names answers with a code. */
const CODE_ONLY: ResponseType = { code: true, token: false, idToken: false };

/** The row a minted code is stored as (persistence/sql/code.ts), for a step that stores it with itself. */
export interface CodeRows {
  rowOf(key: string, record: CodeRecord): CodeRow;
}

export class ResponseIssuer {
  constructor(
    private readonly codes: CodeMinter,
    private readonly tokens: FrontChannelTokens,
    private readonly unitOfWork: UnitOfWork,
    /**
     * Given where the flow store writes a step and its code in one statement (PostgreSQL): a
     * code-only response then needs no transaction of its own (persistence/sql/flow.ts).
     */
    private readonly codeRows?: CodeRows,
  ) {}

  /** The flow's stored request is authoritative for where and how the answer goes, not the URL of this hop. */
  async issue(use: ConsentUse, client: Client): Promise<AuthorizeOutcome> {
    const done = use.outcome;
    // The code keeps the consented grant only (CodeSession), not the request around it.
    const { state: _state, request, requestId, ...session } = done;
    const type = parseResponseType(request.responseType) ?? CODE_ONLY;
    // Implicit responses (OIDC Core §3.2) carry no code: none is minted.
    const code = type.code ? this.codes.mint(requestId, client.client_id, session) : undefined;
    const { fields, accessToken } = await this.tokens.respond({ ...done, code: code?.token }, client, type);
    await this.store(use, code, accessToken);
    return authorizationResponse(done.redirectUri, request.responseMode ?? 'query', fields);
  }

  /**
   * Uses the verifier up and stores what it issued, all or nothing. A deadlock victim runs again
   * whole (UnitOfWork.transaction): the work only writes what was minted before it began.
   */
  private store(use: ConsentUse, code: MintedCode | undefined, accessToken: AccessTokenRecord | undefined): Promise<void> {
    // The authorization code flow's answer (a code, no front-channel token): the step and the
    // code, both or neither, as below.
    if (this.codeRows && code && !accessToken) return use.takeWithCode(this.codeRows.rowOf(code.key, code.record));
    return this.unitOfWork.transaction(async (tx) => {
      await use.take(tx.flows);
      if (code) await tx.codes.create(code.key, code.record);
      // Through the transaction's store, not the shared batched writer, whose batch commits on
      // its own connection, outside this transaction (code-redemption.ts).
      if (accessToken) await tx.accessTokens.create(accessToken);
    });
  }
}
