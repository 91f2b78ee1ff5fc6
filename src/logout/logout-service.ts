/**
 * The browser's side of RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), framework-
 * free. start: the end_session_endpoint request (§2) becomes a logout request and the user agent
 * goes to `urls.logout?logout_challenge=`. finish: back with the logout_verifier the admin accept
 * handed out, the remembered login is forgotten and the user agent goes on to the post-logout URL
 * (§3). The verifier is single use, as for login and consent.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../core/errors.js';
import type { Client } from '../client/client.js';
import type { LoginSessionCookie, RememberedLogin } from '../flow/login-session-cookie.js';
import type { StepOutcome } from '../flow/flow-service.js';
import { withQuery } from '../web/url.js';
import { verifyLogoutHint, type PublicKeySource } from './logout-hint.js';
import type { LogoutData, LogoutStore } from './logout-store.js';
import { newStepSecret, stepHash } from '../flow/step-secret.js';

export interface LogoutParams {
  idTokenHint?: string;
  postLogoutRedirectUri?: string;
  state?: string;
}

/** Where the browser goes once logged out, and the front-channel URLs to load on the way. */
export interface LogoutOutcome extends StepOutcome {
  frontChannelUrls?: string[];
}

export interface LogoutUrls {
  logout: string;
  postLogout: string;
}

export class LogoutService {
  constructor(
    private readonly store: LogoutStore,
    private readonly sessions: LoginSessionCookie,
    private readonly clients: { find(id: string): Promise<Client | undefined> },
    private readonly keys: PublicKeySource,
    private readonly urls: LogoutUrls,
    private readonly options: {
      issuer: string;
      ttlMs: number;
      now: () => number;
      revokeSid?: (sid: string) => Promise<void>;
      /** Front- and back-channel logout of the session's clients; returns the URLs to render. */
      endSession?: (sid: string) => Promise<string[]>;
      /** A login Hydra remembered, named by Hydra's own cookie (flow/imported-login-sessions.ts): it is logged out as well. */
      importedLogin?: (cookieHeader: string | undefined, now: number) => Promise<RememberedLogin | undefined>;
    },
  ) {}

  async start(params: LogoutParams, requestUrl: string, cookieHeader: string | undefined): Promise<StepOutcome> {
    if (!params.idTokenHint) refuseRpParameters(params);
    const hint = params.idTokenHint ? await verifyLogoutHint(params.idTokenHint, this.keys, this.options.issuer) : undefined;
    const postLogoutUrl = await this.postLogoutUrl(params, hint?.clientId);
    const now = this.options.now();
    const session = this.sessions.read(cookieHeader, now) ?? (await this.options.importedLogin?.(cookieHeader, now));
    // No login session in this browser: nothing to end, the user agent goes straight on (Hydra).
    if (!session) return { location: postLogoutUrl, cookies: [] };
    // §2: the hint names the End-User the RP believes is logged in; another one is an error. A
    // pairwise client's hint carries an obfuscated sub (OIDC Core §8.1), so the session id it
    // carries identifies the session too, as Hydra's issueLogoutVerifier does.
    if (hint && hint.subject !== session.subject && hint.sid !== session.sid) {
      throw errors.invalidRequest.withHint("The 'id_token_hint' does not name the subject of the current login session.");
    }
    // Without a hint the logout is OP-initiated (Hydra's issueLogoutVerifier: RPInitiated false, no client).
    const data: LogoutData = {
      subject: session.subject,
      sid: session.sid,
      requestUrl,
      rpInitiated: hint !== undefined,
      postLogoutUrl,
      ...(hint ? { clientId: hint.clientId } : {}),
    };
    const challenge = newStepSecret();
    await this.store.create({ id: randomUUID(), state: 'logout_initialized', requestedAt: now, expiresAt: now + this.options.ttlMs, data }, stepHash(challenge));
    return { location: withQuery(this.urls.logout, 'logout_challenge', challenge), cookies: [] };
  }

  async finish(verifier: string): Promise<LogoutOutcome> {
    const record = await this.store.findBy('verifier', stepHash(verifier));
    const usable = record && record.state === 'logout_accepted' && record.expiresAt > this.options.now();
    if (!usable || !(await this.store.transition(record.id, 'logout_accepted', 'logout_used'))) {
      throw errors.accessDenied.withHint('The logout verifier has already been used, has not been granted, or is invalid.');
    }
    // Front-Channel Logout 1.0 §4 and Back-Channel Logout 1.0 §2.5: the session's clients learn
    // of it (the list is read before the revocation below, which would notify them itself).
    const frontChannelUrls = (await this.options.endSession?.(record.data.sid)) ?? [];
    // The session ends on the server too: a copy of the cookie kept elsewhere no longer skips.
    await this.options.revokeSid?.(record.data.sid);
    return { location: record.data.postLogoutUrl, cookies: [this.sessions.clear()], frontChannelUrls };
  }

  /**
   * §3: a post_logout_redirect_uri must exactly match one the client registered, and the client
   * is only known from id_token_hint; anything else is refused here and never redirected to.
   */
  private async postLogoutUrl(params: LogoutParams, clientId: string | undefined): Promise<string> {
    const uri = params.postLogoutRedirectUri;
    if (!uri) return this.urls.postLogout;
    if (!clientId) throw postLogoutUriWithoutHint;
    const client = await this.clients.find(clientId);
    if (!client || !(client.post_logout_redirect_uris ?? []).includes(uri)) {
      throw errors.invalidRequest.withHint("Parameter 'post_logout_redirect_uri' is not a URL the client registered.");
    }
    return params.state ? withQuery(uri, 'state', params.state) : uri;
  }
}

/**
 * Without id_token_hint a logout is OP-initiated: no client is known, so a state or a
 * post_logout_redirect_uri has nobody to belong to (RP-Initiated Logout 1.0 §2: both are the
 * RP's). Hydra (consent/strategy_default.go, issueLogoutVerifier) refuses either before it looks
 * for a session, state first, with these hints; the error goes to the error page.
 */
function refuseRpParameters(params: LogoutParams): void {
  if (params.state) throw errors.invalidRequest.withHint('Logout failed because query parameter state is set but id_token_hint is missing.');
  if (params.postLogoutRedirectUri) throw postLogoutUriWithoutHint;
}

const postLogoutUriWithoutHint = errors.invalidRequest.withHint(
  'Logout failed because query parameter post_logout_redirect_uri is set but id_token_hint is missing.',
);
