/**
 * What the example client prints once it holds the tokens, in each syntax's own way:
 * - v2 (cmd_perform_authorization_code.go) prints the token as every v2 token command does, the
 *   ACCESS TOKEN / REFRESH TOKEN / ID TOKEN / EXPIRY row, or json with `--format`;
 * - v1 (cmd/token_user.go) printed labelled, tab-indented lines, expiry in RFC 1123, and Go's
 *   `<nil>` for a missing ID token.
 * The page shows the same tokens plus the ID token's claims.
 */
import { decodeJwt } from 'jose';
import type { OutputFormat } from '../output/format.js';
import { printRow } from '../output/printer.js';
import { tokenRow } from '../output/token-view.js';
import type { ExchangedToken } from './code-exchange.js';

/** The moment the token expires, or undefined when the server sent no expires_in. */
export function expiryOf({ token, receivedAt }: ExchangedToken): Date | undefined {
  return typeof token.expires_in === 'number' && token.expires_in !== 0 ? new Date(receivedAt + token.expires_in * 1000) : undefined;
}

/**
 * Go's time.RFC1123, "Mon, 02 Jan 2006 15:04:05 MST". Printed in UTC: Go would use the local
 * zone's abbreviation, which JavaScript cannot name reliably; UTC is never ambiguous. An unknown
 * expiry is Go's zero time, as oauth2.Token carries it.
 */
export function rfc1123(date: Date | undefined): string {
  return date ? date.toUTCString().replace(/GMT$/, 'UTC') : 'Mon, 01 Jan 0001 00:00:00 UTC';
}

/** The payload of the ID token, for display; undefined when there is none or it is no JWT. */
export function idTokenClaims(idToken: unknown): Record<string, unknown> | undefined {
  if (typeof idToken !== 'string' || idToken === '') return undefined;
  try {
    return decodeJwt(idToken) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function printV2Token(exchanged: ExchangedToken, format: OutputFormat): void {
  printRow(tokenRow(exchanged.token, exchanged.receivedAt), format);
}

export function printV1Token(exchanged: ExchangedToken): void {
  const { token } = exchanged;
  const idToken = typeof token.id_token === 'string' ? token.id_token : '<nil>';
  process.stdout.write(
    `Access Token:\n\t${token.access_token}\n` +
      `Refresh Token:\n\t${token.refresh_token ?? ''}\n` +
      `Expires in:\n\t${rfc1123(expiryOf(exchanged))}\n` +
      `ID Token:\n\t${idToken}\n\n`,
  );
}
