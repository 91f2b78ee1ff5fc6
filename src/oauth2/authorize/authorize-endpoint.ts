/**
 * The authorization endpoint, framework-free (RFC 6749 §3.1, §4.1, §4.2; OIDC Core §3.1-§3.3):
 * parameters and the Cookie header in, where to send the user agent (or the form_post page to
 * show it) and which cookies to set out. First the client and redirect URI are established; until
 * then every error goes to the error page, never to a redirect (RFC 6749 §4.1.2.1). After that,
 * errors go back to the client in the request's response mode (fosite WriteAuthorizeError) with
 * `state` and `iss` (RFC 9207 §2), and so does the final response.
 */
import { isOAuthError, type OAuthError } from '../../core/errors.js';
import type { FormParameters } from '../../core/form-parameters.js';
import type { FlowService } from '../../flow/flow-service.js';
import type { PublicKeySource } from '../../flow/logout-hint.js';
import { validateAuthorizeRequest, type AuthorizeOptions } from './authorize-request.js';
import { authorizationResponse, type AuthorizeOutcome, type ResponseFields } from './authorization-response.js';
import type { FrontChannelTokens } from './front-channel-tokens.js';
import { verifyIdTokenHint } from './id-token-hint.js';
import { resolveRedirectTarget, type ClientLookup, type RedirectTarget } from './redirect-target.js';
import { errorResponseMode } from './response-type.js';

export interface AuthorizeInput {
  params: FormParameters;
  /** The request's own URL (Hydra's request_url), to which the user agent returns with verifiers. */
  requestUrl: string;
  cookieHeader: string | undefined;
}

export interface AuthorizeCollaborators {
  tokens: FrontChannelTokens;
  /** The id-token key set's public keys, to verify id_token_hint. */
  keys: PublicKeySource;
}

export class AuthorizeEndpoint {
  constructor(
    private readonly clients: ClientLookup,
    private readonly flows: FlowService,
    private readonly options: AuthorizeOptions & { issuer: string; errorUrl: string },
    private readonly collaborators: AuthorizeCollaborators,
  ) {}

  async handle(input: AuthorizeInput): Promise<AuthorizeOutcome> {
    let target: RedirectTarget;
    try {
      target = await resolveRedirectTarget(input.params, this.clients);
    } catch (error) {
      if (isOAuthError(error)) return { location: this.errorPage(error), cookies: [] };
      throw error;
    }
    try {
      return await this.step(input, target);
    } catch (error) {
      if (isOAuthError(error)) return this.clientError(input.params, target, error);
      throw error;
    }
  }

  private async step(input: AuthorizeInput, target: RedirectTarget): Promise<AuthorizeOutcome> {
    const { params, cookieHeader } = input;
    const clientId = target.client.client_id;
    const loginVerifier = params.get('login_verifier');
    if (loginVerifier !== undefined) return this.flows.useLoginVerifier(loginVerifier, clientId, target.client.token_endpoint_auth_method === 'none', cookieHeader);
    const consentVerifier = params.get('consent_verifier');
    if (consentVerifier !== undefined) {
      const done = await this.flows.useConsentVerifier(consentVerifier, clientId, cookieHeader);
      // The flow's stored request is authoritative for where and how the answer goes, not this URL.
      const fields = await this.collaborators.tokens.respond(done, target.client);
      return authorizationResponse(done.redirectUri, done.request.responseMode ?? 'query', fields);
    }
    const request = validateAuthorizeRequest(params, target, input.requestUrl, this.options);
    const hint = params.get('id_token_hint');
    if (hint !== undefined) request.idTokenHintClaims = await verifyIdTokenHint(hint, this.collaborators.keys, this.options.issuer);
    return this.flows.start(request, cookieHeader);
  }

  /** RFC 6749 §4.1.2.1 / §4.2.2.1 error response, plus Hydra's error_hint and RFC 9207 iss. */
  private clientError(params: FormParameters, target: RedirectTarget, error: OAuthError): AuthorizeOutcome {
    const fields: ResponseFields = [['error', error.error], ['error_description', String(error.toJSON().error_description)]];
    if (error.hint) fields.push(['error_hint', error.hint]);
    if (target.state !== undefined) fields.push(['state', target.state]);
    fields.push(['iss', this.options.issuer]);
    return authorizationResponse(target.redirectUri, errorResponseMode(params), fields);
  }

  /** Hydra's forwardError (oauth2/handler.go): the error page of urls.error, never the client. */
  errorPage(error: OAuthError): string {
    const url = new URL(this.options.errorUrl);
    url.searchParams.set('error', error.error);
    url.searchParams.set('error_description', error.description);
    if (error.hint) url.searchParams.set('error_hint', error.hint);
    return url.toString();
  }
}
