/**
 * The redirect URI's handler (RFC 6749 §4.1.2): an error the server sent back (§4.1.2.1) is shown
 * as such; a state other than the one this process issued is refused before the code is touched
 * (§10.12, CSRF), as Hydra's CLI does; otherwise the code is exchanged together with the PKCE
 * verifier and the tokens are shown and printed. Messages follow Hydra's wording.
 */
import { CliError } from '../fail.js';
import type { AuthorizeRequest } from './authorize-request.js';
import { exchangeCode, type ExchangedToken } from './code-exchange.js';
import type { FlowSettings } from './flow-settings.js';
import { errorPage, resultPage } from './pages.js';
import { expiryOf, idTokenClaims, rfc1123 } from './token-report.js';

export interface CallbackOutcome {
  status: number;
  html: string;
  /** The tokens, when the flow succeeded. */
  exchanged?: ExchangedToken;
}

export interface CallbackContext {
  settings: FlowSettings;
  request: AuthorizeRequest;
  /** Hydra's progress and failure lines: stderr in v2, stdout in v1. */
  log: (line: string) => void;
}

export async function handleCallback(query: URLSearchParams, context: CallbackContext): Promise<CallbackOutcome> {
  const { settings, request, log } = context;
  const error = query.get('error');
  if (error) {
    const description = query.get('error_description') ?? '';
    log(`Got error: ${description}`);
    const details = { name: error, description, hint: query.get('error_hint') ?? '', debug: query.get('error_debug') ?? '' };
    return { status: 500, html: errorPage(details) };
  }

  const state = query.get('state') ?? '';
  if (state !== request.state) {
    const description = `States do not match. Expected ${JSON.stringify(request.state)}, got ${JSON.stringify(state)}.`;
    log(description);
    return { status: 500, html: errorPage({ name: 'States do not match', description }) };
  }

  const code = query.get('code');
  if (!code) {
    log('Unable to exchange code for token: the callback carried no code.');
    return { status: 400, html: errorPage({ name: 'The callback carried no authorization code' }) };
  }

  let exchanged: ExchangedToken;
  try {
    exchanged = await exchangeCode(settings, code, request.codeVerifier);
  } catch (failure) {
    const message = failure instanceof CliError ? failure.message : String(failure);
    log(`Unable to exchange code for token: ${message}`);
    return { status: 500, html: errorPage({ name: message }) };
  }

  // Not in Hydra's CLI, but what any relying party must do (OIDC Core §3.1.3.7, step 11): an ID
  // token minted for another authorization request is refused.
  const claims = idTokenClaims(exchanged.token.id_token);
  if (claims && claims.nonce !== request.nonce) {
    const description = `Expected nonce ${JSON.stringify(request.nonce)}, got ${JSON.stringify(claims.nonce ?? null)}.`;
    log(`The ID token's nonce does not match. ${description}`);
    return { status: 500, html: errorPage({ name: 'The ID token\'s nonce does not match', description }) };
  }

  const html = resultPage({
    token: exchanged.token,
    expiresAt: rfc1123(expiryOf(exchanged)),
    idTokenClaims: claims,
    backUrl: settings.flags.shutdown ? undefined : settings.serverLocation,
  });
  return { status: 200, html, exchanged };
}
