/**
 * The example client's pages: the welcome page with its "Authorize application" link, an error
 * page, and the result page with the tokens the user asked to see. Every value is HTML-escaped
 * (a callback's error_description is attacker-controlled text), and nothing runs in the page:
 * no scripts, no inline handlers, and the server sends a CSP that forbids them anyway.
 */
import type { TokenResponse } from '../token-api.js';
import { escapeHtml } from '../../web/html.js';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
${body}
</body>
</html>
`;
}

export function welcomePage(authorizationUrl: string): string {
  return page(
    'Example OAuth 2.0 Consumer',
    `<h1>Welcome to the example OAuth 2.0 Consumer!</h1>
<p>This is an example app which emulates an OAuth 2.0 consumer application. Usually, this would be your web or mobile
application and would use an <a href="https://oauth.net/code/">OAuth 2.0</a> or OpenID Connect library.</p>
<p>This example requests an OAuth 2.0 Access, Refresh, and OpenID Connect ID Token from the OAuth 2.0 Server
(Tessera, or Ory Hydra). To initiate the flow, follow the "Authorize application" link.</p>
<p><a href="${escapeHtml(authorizationUrl)}">Authorize application</a></p>`,
  );
}

export interface ErrorDetails {
  name: string;
  description?: string;
  hint?: string;
  debug?: string;
}

export function errorPage(details: ErrorDetails): string {
  const lines = [details.description, details.hint, details.debug].filter((line): line is string => !!line);
  return page(
    'An error occurred',
    `<h1>An error occurred</h1>
<h2>${escapeHtml(details.name)}</h2>
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}`,
  );
}

export interface ResultView {
  token: TokenResponse;
  expiresAt: string;
  /** The ID token's payload, decoded for reading only (the server's signature is not checked here). */
  idTokenClaims?: Record<string, unknown>;
  /** With --no-shutdown the user may start over from the welcome page. */
  backUrl?: string;
}

export function resultPage(view: ResultView): string {
  const { token } = view;
  const item = (label: string, value: string) => `<li>${escapeHtml(label)}: <code>${escapeHtml(value)}</code></li>`;
  const claims = view.idTokenClaims
    ? `<h2>ID Token Claims</h2>\n<pre>${escapeHtml(JSON.stringify(view.idTokenClaims, null, 2))}</pre>`
    : '';
  const back = view.backUrl ? `<p><a href="${escapeHtml(view.backUrl)}">Back to the welcome page</a></p>` : '';
  return page(
    'Tokens received',
    `<h1>Tokens received</h1>
<ul>
${item('Access Token', token.access_token)}
${item('Refresh Token', token.refresh_token ?? '')}
${item('Expires at', view.expiresAt)}
${item('ID Token', typeof token.id_token === 'string' ? token.id_token : '')}
</ul>
${claims}
${back}`,
  );
}
