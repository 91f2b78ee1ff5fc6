/**
 * The URI checks of client registration. Each returns the value to store or throws an
 * OAuthError naming the field. Hydra's rules (`client/validator.go`) are kept, with one
 * tightening: a redirect URI must be absolute (RFC 6749 §3.1.2), where Hydra's
 * `url.ParseRequestURI` also lets a bare path through.
 */
import { errors } from '../core/errors.js';

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;
/** Schemes that would run code or inline content where a browser lands: never a redirect target. */
const SCRIPT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:']);

/** An absolute URI (RFC 3986 §4.3), or undefined. http(s) ones must have an authority. */
export function parseAbsolute(value: string): URL | undefined {
  if (!SCHEME.test(value) || WHITESPACE_OR_CONTROL.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !/^https?:\/\/[^/?#]/i.test(value)) return undefined;
  return url;
}

/**
 * RFC 6749 §3.1.2: the redirection endpoint URI MUST be an absolute URI and MUST NOT include a
 * fragment. Private-use schemes of native apps stay allowed (RFC 8252 §7.1).
 */
export function checkRedirectUris(uris: readonly string[]): URL[] {
  return uris.map((uri) => {
    if (uri.includes('#')) {
      throw errors.invalidRedirectUri.withHint(`Redirect URI "${uri}" must not contain a fragment (#), RFC 6749 §3.1.2.`);
    }
    const url = parseAbsolute(uri);
    if (!url) throw errors.invalidRedirectUri.withHint(`Redirect URI "${uri}" must be an absolute URI, RFC 6749 §3.1.2.`);
    if (SCRIPT_SCHEMES.has(url.protocol)) {
      throw errors.invalidRedirectUri.withHint(`Redirect URI "${uri}" uses the ${url.protocol} scheme, which is refused.`);
    }
    return url;
  });
}

/** tos_uri, policy_uri, logo_uri, client_uri and the logout URIs: web pages, so http or https. */
export function checkWebUri(field: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const url = parseAbsolute(value);
  if (!url) throw errors.invalidClientMetadata.withHint(`Field ${field} must be a valid absolute URI.`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw errors.invalidClientMetadata.withHint(`Field ${field} must use the http or https scheme.`);
  }
}

export function checkAbsoluteUris(field: string, values: readonly string[] | undefined): void {
  for (const value of values ?? []) {
    if (!parseAbsolute(value)) throw errors.invalidClientMetadata.withHint(`Field ${field} must hold absolute URIs; "${value}" is not one.`);
  }
}

/**
 * allowed_cors_origins holds origins (RFC 6454 §7: scheme://host[:port]), as Hydra requires: http
 * or https, no credentials, no path, query or fragment. A trailing slash is dropped, as Hydra does.
 */
export function checkCorsOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => {
    const url = parseAbsolute(origin);
    if (!url) throw errors.invalidClientMetadata.withHint(`Origin "${origin}" in allowed_cors_origins is not a valid URL.`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw errors.invalidClientMetadata.withHint(`Origin "${origin}" in allowed_cors_origins must use the http or https scheme.`);
    }
    if (url.username || url.password) {
      throw errors.invalidClientMetadata.withHint(`Origin "${origin}" in allowed_cors_origins must not carry a user or password.`);
    }
    const trimmed = origin.replace(/\/+$/, '');
    if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash || /[?#]/.test(origin)) {
      throw errors.invalidClientMetadata.withHint(`Origin "${origin}" in allowed_cors_origins must have no path, query or fragment.`);
    }
    return trimmed;
  });
}

/**
 * A post-logout redirect URI must share scheme, host and port with one registered redirect URI
 * (Hydra), so that logout cannot send the user to a site the client does not control.
 */
export function checkPostLogoutRedirectUris(uris: readonly string[] | undefined, redirects: readonly URL[]): void {
  for (const uri of uris ?? []) {
    const url = parseAbsolute(uri);
    if (!url) throw errors.invalidClientMetadata.withHint(`Field post_logout_redirect_uris holds "${uri}", which is not an absolute URI.`);
    const sameSite = redirects.some((r) => r.protocol === url.protocol && r.hostname === url.hostname && r.port === url.port);
    if (!sameSite) {
      throw errors.invalidClientMetadata.withHint(
        `post_logout_redirect_uri "${uri}" must have the scheme, host and port of one of the registered redirect_uris.`,
      );
    }
  }
}
