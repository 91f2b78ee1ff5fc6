/**
 * What the token commands print, field for field as Hydra v2 does:
 * - a token (cmd/output_token.go): ACCESS TOKEN, REFRESH TOKEN, ID TOKEN ("<empty>" when absent)
 *   and EXPIRY; json prints golang.org/x/oauth2's Token (access_token, token_type,
 *   refresh_token, expiry, expires_in), which carries no id_token;
 * - an introspection (cmd/output_introspection.go): ACTIVE, SUBJECT, CLIENT ID, SCOPE, EXPIRY,
 *   TOKEN USE; json prints the RFC 7662 fields in the order of Hydra's client model.
 */
import type { Introspection, TokenResponse } from '../token-api.js';
import { GO_ZERO_TIME, goJsonTime, goTimeString } from './go-time.js';
import type { Row } from './printer.js';

const EMPTY = '<empty>';

/** `receivedAt`: expires_in is relative to the response (RFC 6749 §5.1), as oauth2.Token computes Expiry. */
export function tokenRow(token: TokenResponse, receivedAt: number): Row {
  const expiresIn = typeof token.expires_in === 'number' && token.expires_in !== 0 ? token.expires_in : undefined;
  const expiry = expiresIn === undefined ? undefined : new Date(receivedAt + expiresIn * 1000);
  const value: Record<string, unknown> = { access_token: token.access_token };
  if (token.token_type) value.token_type = token.token_type;
  if (token.refresh_token) value.refresh_token = token.refresh_token;
  value.expiry = expiry ? goJsonTime(expiry) : GO_ZERO_TIME.json;
  if (expiresIn !== undefined) value.expires_in = expiresIn;
  const rounded = expiry ? new Date(Math.round(expiry.getTime() / 1000) * 1000) : undefined;
  return {
    header: ['ACCESS TOKEN', 'REFRESH TOKEN', 'ID TOKEN', 'EXPIRY'],
    columns: [
      token.access_token,
      token.refresh_token || EMPTY,
      token.id_token === undefined || token.id_token === null ? EMPTY : String(token.id_token),
      rounded ? goTimeString(rounded) : GO_ZERO_TIME.text,
    ],
    value,
    id: token.access_token,
  };
}

/** The fields of Hydra's IntrospectedOAuth2Token (v2) and OAuth2TokenIntrospection (v1), in order. */
const INTROSPECTION_FIELDS = [
  'active', 'aud', 'client_id', 'exp', 'ext', 'iat', 'iss', 'nbf',
  'obfuscated_subject', 'scope', 'sub', 'token_type', 'token_use', 'username',
];

/**
 * Hydra's order for the known fields; anything newer the server adds follows, unchanged. v2's
 * model marks `aud` omitempty, so Go drops an empty list there; v1's model printed it.
 */
export function orderedIntrospection(body: Introspection, style: 'v1' | 'v2'): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const field of INTROSPECTION_FIELDS) if (body[field] !== undefined && body[field] !== null) ordered[field] = body[field];
  if (style === 'v2' && Array.isArray(ordered.aud) && ordered.aud.length === 0) delete ordered.aud;
  for (const [field, value] of Object.entries(body)) if (!INTROSPECTION_FIELDS.includes(field) && value !== undefined) ordered[field] = value;
  return ordered;
}

export function introspectionRow(body: Introspection): Row {
  const text = (field: string): string => (body[field] === undefined || body[field] === null ? '' : String(body[field]));
  const exp = typeof body.exp === 'number' ? body.exp : 0;
  return {
    header: ['ACTIVE', 'SUBJECT', 'CLIENT ID', 'SCOPE', 'EXPIRY', 'TOKEN USE'],
    columns: [String(body.active), text('sub'), text('client_id'), text('scope'), goTimeString(new Date(exp * 1000)), text('token_use')],
    value: orderedIntrospection(body, 'v2'),
  };
}
