/**
 * The authorization endpoint, framework-free (RFC 6749 §3.1, §4.1, §4.2; OIDC Core §3.1-§3.3):
 * parameters and the Cookie header in, where to send the user agent (or the form_post page to
 * show it) and which cookies to set out. A pipeline of named steps, as oidc-provider's
 * actions/authorization is:
 *
 *   resolveClient → validateRequest → checkIdTokenHint → startFlow            (a new request)
 *   resolveClient → resumeLogin                                                (?login_verifier)
 *   resolveClient → resumeConsent → issueResponse                              (?consent_verifier)
 *
 * resolveClient reads a request object first (OIDC Core §6, request-object.ts), on every hop, as
 * Hydra does (the hops return to the request URL, which still carries it): the parameters every
 * later step sees are the merged ones, redirect_uri and state included.
 *
 * Until resolveClient has established the client and redirect URI, every error goes to the error
 * page, never to a redirect (RFC 6749 §4.1.2.1): so do a request object's errors, as in Hydra,
 * since the redirect URI may be the object's own. After that, errors go back to the client in the
 * request's response mode (fosite WriteAuthorizeError) with `state` and `iss` (RFC 9207 §2), and
 * so does the final response.
 */
import { errors, isOAuthError, type OAuthError } from '../../core/errors.js';
import type { FormParameters } from '../../core/form-parameters.js';
import type { AuthorizeRequest } from '../../flow/flow-model.js';
import type { ConsentUse, FlowService } from '../../flow/flow-service.js';
import type { PublicKeySource } from '../../jwk/key-sets.js';
import { validateAuthorizeRequest, type AuthorizeOptions } from './authorize-request.js';
import { authorizationResponse, type AuthorizeOutcome, type ResponseFields } from './authorization-response.js';
import { verifyIdTokenHint } from './id-token-hint.js';
import type { ResponseIssuer } from './issue-response.js';
import { findClient, redirectTargetOf, type ClientLookup, type RedirectTarget } from './redirect-target.js';
import type { RequestObjects } from './request-object.js';
import { errorResponseMode } from './response-type.js';

export interface AuthorizeInput {
  params: FormParameters;
  /** The request's own URL (Hydra's request_url), to which the user agent returns with verifiers. */
  requestUrl: string;
  cookieHeader: string | undefined;
}

export interface AuthorizeCollaborators {
  /** The browser's side of the login/consent flow, which this endpoint drives. */
  flows: Pick<FlowService, 'start' | 'useLoginVerifier' | 'useConsentVerifier'>;
  responses: ResponseIssuer;
  /** The id-token key set's public keys, to verify id_token_hint. */
  keys: PublicKeySource;
  /** Reads `request` and `request_uri` (OIDC Core §6). */
  requestObjects: RequestObjects;
}

export class AuthorizeEndpoint {
  constructor(
    private readonly clients: ClientLookup,
    private readonly options: AuthorizeOptions & { issuer: string; errorUrl: string; exposeInternalErrors?: boolean },
    private readonly collaborators: AuthorizeCollaborators,
  ) {}

  async handle(input: AuthorizeInput): Promise<AuthorizeOutcome> {
    let target: RedirectTarget;
    let params: FormParameters;
    try {
      ({ target, params } = await this.resolveClient(input.params));
    } catch (error) {
      if (isOAuthError(error)) return { location: this.errorPage(error), cookies: [] };
      throw error;
    }
    const request = { ...input, params };
    try {
      return await this.proceed(request, target);
    } catch (error) {
      if (isOAuthError(error)) return this.clientError(params, target, error);
      throw error;
    }
  }

  /** The branch this hop takes: back with a verifier of a running flow, or a new request. */
  private async proceed(input: AuthorizeInput, target: RedirectTarget): Promise<AuthorizeOutcome> {
    const { params, cookieHeader } = input;
    const loginVerifier = params.get('login_verifier');
    if (loginVerifier !== undefined) return this.resumeLogin(loginVerifier, target, cookieHeader);
    const consentVerifier = params.get('consent_verifier');
    if (consentVerifier !== undefined) return this.issueResponse(await this.resumeConsent(consentVerifier, target, cookieHeader), target);
    const request = this.validateRequest(params, target, input.requestUrl);
    await this.checkIdTokenHint(params, request);
    return this.startFlow(request, cookieHeader);
  }

  /**
   * The client, the parameters with its request object merged in, and the redirect URI that errors
   * may go back to (redirect-target.ts).
   */
  private async resolveClient(query: FormParameters): Promise<{ target: RedirectTarget; params: FormParameters }> {
    const client = await findClient(query, this.clients);
    const params = await this.collaborators.requestObjects.merge(query, client);
    return { target: redirectTargetOf(params, client), params };
  }

  private validateRequest(params: FormParameters, target: RedirectTarget, requestUrl: string): AuthorizeRequest {
    return validateAuthorizeRequest(params, target, requestUrl, this.options);
  }

  /** OIDC Core §3.1.2.1: a verified hint's claims are shown to the login app (oidc_context). */
  private async checkIdTokenHint(params: FormParameters, request: AuthorizeRequest): Promise<void> {
    const hint = params.get('id_token_hint');
    if (hint !== undefined) request.idTokenHintClaims = await verifyIdTokenHint(hint, this.collaborators.keys, this.options.issuer);
  }

  private startFlow(request: AuthorizeRequest, cookieHeader: string | undefined): Promise<AuthorizeOutcome> {
    return this.collaborators.flows.start(request, cookieHeader);
  }

  private resumeLogin(verifier: string, target: RedirectTarget, cookieHeader: string | undefined): Promise<AuthorizeOutcome> {
    const { client } = target;
    return this.collaborators.flows.useLoginVerifier(verifier, client, cookieHeader);
  }

  /** The consent verifier checked; the step that uses it up is taken by issueResponse. */
  private resumeConsent(verifier: string, target: RedirectTarget, cookieHeader: string | undefined): Promise<ConsentUse> {
    return this.collaborators.flows.useConsentVerifier(verifier, target.client.client_id, cookieHeader);
  }

  /** The code and the tokens the consented response type names, stored with the verifier's use in one transaction (issue-response.ts). */
  private issueResponse(use: ConsentUse, target: RedirectTarget): Promise<AuthorizeOutcome> {
    // RFC 8628: a device flow's consent approves its device code at /oauth2/device/verify; here it
    // would issue a code instead, so it is refused as an unknown verifier, left unused.
    if (use.outcome.request.device) {
      throw errors.accessDenied.withHint('The consent verifier has already been used, has not been granted, or is invalid.');
    }
    return this.collaborators.responses.issue(use, target.client);
  }

  /**
   * RFC 6749 §4.1.2.1 / §4.2.2.1 error response, plus Hydra's error_hint and RFC 9207 iss. An
   * error's debug text (a login or consent app's error_debug) reaches the client only under
   * oauth2.expose_internal_errors, appended to the description as fosite's GetDescription does.
   */
  private clientError(params: FormParameters, target: RedirectTarget, error: OAuthError): AuthorizeOutcome {
    const debug = this.options.exposeInternalErrors && error.debug ? error.debug : undefined;
    const description = String(error.toJSON().error_description);
    const fields: ResponseFields = [['error', error.error], ['error_description', debug ? `${description} ${debug}` : description]];
    if (error.hint) fields.push(['error_hint', error.hint]);
    if (debug) fields.push(['error_debug', debug]);
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
