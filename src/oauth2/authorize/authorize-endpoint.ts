/**
 * The authorization endpoint, framework-free (RFC 6749 §3.1, §4.1): parameters and the Cookie
 * header in, where to send the user agent (and which cookies to set) out. First the client and
 * redirect URI are established; until then every error goes to the error page, never to a
 * redirect (RFC 6749 §4.1.2.1). After that, errors go back to the client (§4.1.2.1) with `state`
 * and `iss` (RFC 9207 §2), and so does the final code.
 */
import { isOAuthError, type OAuthError } from '../../core/errors.js';
import type { FormParameters } from '../../core/form-parameters.js';
import type { FlowService, StepOutcome } from '../../flow/flow-service.js';
import { validateAuthorizeRequest, type AuthorizeOptions } from './authorize-request.js';
import { resolveRedirectTarget, type ClientLookup, type RedirectTarget } from './redirect-target.js';

export interface AuthorizeInput {
  params: FormParameters;
  /** The request's own URL (Hydra's request_url), to which the user agent returns with verifiers. */
  requestUrl: string;
  cookieHeader: string | undefined;
}

export class AuthorizeEndpoint {
  constructor(
    private readonly clients: ClientLookup,
    private readonly flows: FlowService,
    private readonly options: AuthorizeOptions & { issuer: string; errorUrl: string },
  ) {}

  async handle(input: AuthorizeInput): Promise<StepOutcome> {
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
      if (isOAuthError(error)) return { location: this.clientError(target, error), cookies: [] };
      throw error;
    }
  }

  private async step(input: AuthorizeInput, target: RedirectTarget): Promise<StepOutcome> {
    const { params, cookieHeader } = input;
    const clientId = target.client.client_id;
    const loginVerifier = params.get('login_verifier');
    if (loginVerifier !== undefined) return this.flows.useLoginVerifier(loginVerifier, clientId, target.client.token_endpoint_auth_method === 'none', cookieHeader);
    const consentVerifier = params.get('consent_verifier');
    if (consentVerifier !== undefined) {
      const done = await this.flows.useConsentVerifier(consentVerifier, clientId, cookieHeader);
      // The flow's stored request is authoritative for where the code goes, not this URL.
      const url = new URL(done.redirectUri);
      url.searchParams.set('code', done.code);
      url.searchParams.set('scope', done.scope.join(' '));
      if (done.state !== undefined) url.searchParams.set('state', done.state);
      url.searchParams.set('iss', this.options.issuer);
      return { location: url.toString(), cookies: [] };
    }
    return this.flows.start(validateAuthorizeRequest(params, target, input.requestUrl, this.options), cookieHeader);
  }

  /** RFC 6749 §4.1.2.1 error response, plus Hydra's error_hint and RFC 9207 iss. */
  private clientError(target: RedirectTarget, error: OAuthError): string {
    const url = new URL(target.redirectUri);
    const body = error.toJSON();
    url.searchParams.set('error', error.error);
    url.searchParams.set('error_description', String(body.error_description));
    if (error.hint) url.searchParams.set('error_hint', error.hint);
    if (target.state !== undefined) url.searchParams.set('state', target.state);
    url.searchParams.set('iss', this.options.issuer);
    return url.toString();
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
