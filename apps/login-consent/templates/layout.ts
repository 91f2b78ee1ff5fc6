/**
 * The frame of every page: one stylesheet from this app (the CSP allows nothing else), no
 * scripts at all, and a landmark structure that screen readers can navigate.
 */
import { html, type SafeHtml } from '../escape.js';

export interface PageOptions {
  title: string;
  body: SafeHtml;
}

export function layout({ title, body }: PageOptions): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Tessera</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="brand" aria-label="Tessera"><span class="logo" aria-hidden="true"></span>Tessera</header>
<main class="card">
${body}
</main>
<footer class="footer">Reference login and consent app</footer>
</body>
</html>
`}`;
}

/** The hidden fields every form carries: the flow's challenge and this app's CSRF token. */
export function hiddenFields(challenge: string, csrfToken: string): SafeHtml {
  return html`<input type="hidden" name="challenge" value="${challenge}">
<input type="hidden" name="_csrf" value="${csrfToken}">`;
}

/** What the user sees as the client's name: its client_name, else its client_id. */
export function clientLabel(client: { client_name?: string; client_id?: string } | undefined): string {
  return client?.client_name?.trim() || client?.client_id || 'an application';
}
