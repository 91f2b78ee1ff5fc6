/**
 * OAuth 2.0 Form Post Response Mode §2: the answer is an HTML page whose form POSTs the response
 * parameters to the redirect URI, submitted by script on load, with a button for user agents
 * without script. The page runs nothing but that one script, allowed by its hash, so the
 * Content-Security-Policy forbids everything else; it cannot be framed (RFC 9700 §4.16) and must
 * not be cached, since it carries codes and tokens (RFC 6749 §5.1 by analogy).
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../web/html.js';

const SCRIPT = 'document.forms[0].submit();';
const SCRIPT_HASH = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');

export interface FormPostPage {
  headers: Record<string, string>;
  html: string;
}

export function formPostPage(action: string, fields: ReadonlyArray<readonly [string, string]>): FormPostPage {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>`).join('\n      ');
  const html = `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"/><title>Submit This Form</title></head>
  <body>
    <form method="post" action="${escapeHtml(action)}">
      ${inputs}
      <noscript><button type="submit">Continue</button></noscript>
    </form>
    <script>${SCRIPT}</script>
  </body>
</html>
`;
  const url = new URL(action);
  // A custom-scheme redirect URI (RFC 8252 §7.1) has no origin: allow its scheme.
  const origin = url.origin === 'null' ? url.protocol : url.origin;
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // form-action names the one place the form may go; nothing else loads or runs.
      'content-security-policy': `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; form-action ${origin}; frame-ancestors 'none'; base-uri 'none'`,
      'x-frame-options': 'DENY',
      'cache-control': 'no-cache, no-store',
      pragma: 'no-cache',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  };
}
