/**
 * The page of OpenID Connect Front-Channel Logout 1.0 §4: once the session has ended, the OP
 * renders one hidden iframe per RP the End-User was logged into, each loading that RP's
 * frontchannel_logout_uri, and then continues to the post-logout URL (RP-Initiated Logout 1.0 §3).
 * As in Hydra (oauth2/handler.go), the page waits until every iframe has loaded, and goes on anyway
 * after a few seconds (a meta refresh also does it without JavaScript).
 *
 * The script is static, so the Content-Security-Policy allows it by its hash and nothing else runs;
 * the only data, the URLs, are HTML-escaped attributes. frame-src names exactly the RPs' origins.
 * Referrer-Policy no-referrer: the page's own URL carries the (used) logout_verifier.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../web/html.js';

/** Seconds after which the user agent goes on even if an iframe never loaded (Hydra: 7). */
export const FRONTCHANNEL_WAIT_SECONDS = 7;

/** §4: iss and sid are sent as query parameters (Hydra adds them for every client). */
export function frontChannelUrl(uri: string, issuer: string, sid: string): string {
  const url = new URL(uri);
  url.searchParams.set('iss', issuer);
  url.searchParams.set('sid', sid);
  return url.toString();
}

const SCRIPT = `(function () {
  var next = document.getElementById('continue').href;
  var frames = document.querySelectorAll('iframe');
  var waiting = frames.length;
  var gone = false;
  function go() { if (!gone) { gone = true; window.location.replace(next); } }
  function loaded() { waiting -= 1; if (waiting < 1) setTimeout(go, 100); }
  for (var i = 0; i < frames.length; i++) frames[i].addEventListener('load', loaded);
  setTimeout(go, ${FRONTCHANNEL_WAIT_SECONDS * 1000});
  setTimeout(function () { document.getElementById('slow').hidden = false; }, 2000);
})();`;

const STYLE = 'iframe { position: absolute; left: 0; top: 0; width: 0; height: 0; border: 0; visibility: hidden; }';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const SCRIPT_HASH = sha256(SCRIPT);
const STYLE_HASH = sha256(STYLE);

export interface FrontChannelPage {
  headers: Record<string, string>;
  html: string;
}

export function frontChannelPage(urls: readonly string[], next: string): FrontChannelPage {
  const origins = [...new Set(urls.map((url) => new URL(url).origin))];
  const csp = [
    "default-src 'none'",
    `script-src ${SCRIPT_HASH}`,
    `style-src ${STYLE_HASH}`,
    `frame-src ${origins.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const target = escapeHtml(next);
  const frames = urls.map((url) => `<iframe src="${escapeHtml(url)}" referrerpolicy="no-referrer" title="logout" tabindex="-1" aria-hidden="true"></iframe>`);
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Logging out</title>
<meta http-equiv="refresh" content="${FRONTCHANNEL_WAIT_SECONDS}; url=${target}">
<style>${STYLE}</style></head>
<body>
<p>You are being logged out of every application. If nothing happens, <a id="continue" href="${target}">continue</a>.</p>
<p id="slow" hidden>This takes unusually long; use the link above to continue.</p>
${frames.join('\n')}
<script>${SCRIPT}</script>
</body></html>`;
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': csp,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  };
}
