/**
 * HTTP Basic client authentication as RFC 6749 §2.3.1 defines it for OAuth 2.0: the client id and
 * secret are each encoded with application/x-www-form-urlencoded (Appendix B) before they are
 * joined with a colon and base64-encoded. Without that step an id or secret containing ':' or a
 * non-ASCII character cannot be told apart by the server. golang.org/x/oauth2, which Hydra's CLI
 * uses for `perform client-credentials`, encodes the same way (url.QueryEscape).
 */

export interface ClientCredentials {
  id: string;
  secret: string;
}

/** Appendix B: URLSearchParams encodes a space as '+' and everything outside [A-Za-z0-9*-._] as %XX. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

export function basicAuthorization(credentials: ClientCredentials): string {
  const pair = `${formEncode(credentials.id)}:${formEncode(credentials.secret)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
