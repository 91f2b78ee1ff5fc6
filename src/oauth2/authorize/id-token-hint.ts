/**
 * The `id_token_hint` of an authorization request (OIDC Core §3.1.2.1): an ID token this server
 * issued, verified against the public keys of `hydra.openid.id-token`. As in Hydra
 * (consent/strategy_default.go getIDTokenHintClaims), an expired hint is accepted: it is a hint
 * about who the user was, not a credential. The OP need not be in its audience (§3.1.2.1), but it
 * must be the issuer. An unverifiable hint, or one without `sub`, is invalid_request.
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import { errors } from '../../core/errors.js';
import { ID_TOKEN_SET } from '../../jwk/key-manager.js';
import type { PublicKeySource } from '../../flow/logout-hint.js';

export async function verifyIdTokenHint(hint: string, keys: PublicKeySource, issuer: string): Promise<Record<string, unknown>> {
  let claims: unknown;
  try {
    const { payload } = await compactVerify(hint, createLocalJWKSet(await keys.publicJwks([ID_TOKEN_SET])));
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw errors.invalidRequest.withHint("The 'id_token_hint' is not an ID token signed by this server.");
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw errors.invalidRequest.withHint("The 'id_token_hint' carries no claims.");
  }
  const record = claims as Record<string, unknown>;
  if (record.iss !== issuer) throw errors.invalidRequest.withHint("The 'id_token_hint' was not issued by this server.");
  if (typeof record.sub !== 'string' || record.sub === '') {
    throw errors.invalidRequest.withHint('Failed to validate OpenID Connect request because provided id token from id_token_hint does not have a subject.');
  }
  return record;
}
