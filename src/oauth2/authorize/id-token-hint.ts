/**
 * The `id_token_hint` of an authorization request (OIDC Core §3.1.2.1): an ID token this server
 * issued, verified against the public keys of `hydra.openid.id-token`. As in Hydra
 * (consent/strategy_default.go getIDTokenHintClaims), an expired hint is accepted: it is a hint
 * about who the user was, not a credential. The OP need not be in its audience (§3.1.2.1), but it
 * must be the issuer. An unverifiable hint, or one without `sub`, is invalid_request.
 */
import { errors } from '../../core/errors.js';
import type { PublicKeySource } from '../../jwk/key-sets.js';
import { verifyOwnIdToken } from '../../jwk/own-id-token.js';

const FAILURES = {
  'unverifiable': "The 'id_token_hint' is not an ID token signed by this server.",
  'no-claims': "The 'id_token_hint' carries no claims.",
  'foreign-issuer': "The 'id_token_hint' was not issued by this server.",
} as const;

export async function verifyIdTokenHint(hint: string, keys: PublicKeySource, issuer: string): Promise<Record<string, unknown>> {
  const verified = await verifyOwnIdToken(hint, keys, issuer);
  if (!verified.ok) throw errors.invalidRequest.withHint(FAILURES[verified.reason]);
  const record = verified.claims;
  if (typeof record.sub !== 'string' || record.sub === '') {
    throw errors.invalidRequest.withHint('Failed to validate OpenID Connect request because provided id token from id_token_hint does not have a subject.');
  }
  return record;
}
