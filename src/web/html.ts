/**
 * HTML helpers shared by every page the server renders itself (fallback pages, the form_post
 * response, logout pages, the example client's pages). The login/consent app keeps its own
 * (apps/login-consent/escape.ts): it must not import the server.
 */

/**
 * Escapes a value for element content and for quoted or unquoted attribute values. Beyond the
 * five HTML metacharacters, ` and = are escaped too (OWASP XSS Prevention, rule #2: an
 * unquoted attribute ends at either), so one function is safe wherever a value lands. Hydra once
 * reflected error_hint unescaped (GHSA-7v6r-w4r6-mhch, CVE-2019-8400).
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The headers of a server-rendered page that runs nothing: no script, no framing (RFC 9700
 * §4.16), no referrer leaked (§4.2.4), never cached.
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;
