/**
 * The `id_token_hint` of a logout request (RP-Initiated Logout 1.0 §2): an ID token this server
 * issued, verified against the public keys of `hydra.openid.id-token`. §2 says the OP need not
 * refuse an expired hint ("the OP SHOULD accept ID Tokens ... when the OP's session has ended"),
 * so expiry is not checked; the signature and issuer are. A foreign signature is an error.
 */
import { errors } from '../core/errors.js';
import type { PublicKeySource } from '../jwk/key-sets.js';
import { verifyOwnIdToken } from '../jwk/own-id-token.js';

export type { PublicKeySource } from '../jwk/key-sets.js';

export interface LogoutHint {
  subject: string;
  /** The client the ID token was issued to (its single audience, or azp). */
  clientId: string;
  sid?: string;
}

const invalidHint = errors.invalidRequest.withHint("The 'id_token_hint' could not be verified.");

export async function verifyLogoutHint(hint: string, keys: PublicKeySource, issuer: string): Promise<LogoutHint> {
  const verified = await verifyOwnIdToken(hint, keys, issuer);
  if (!verified.ok) throw invalidHint;
  const claims = verified.claims;
  if (typeof claims.sub !== 'string') throw invalidHint;
  const audience = [claims.aud].flat().filter((a): a is string => typeof a === 'string');
  const clientId = typeof claims.azp === 'string' ? claims.azp : audience.length === 1 ? audience[0] : undefined;
  if (!clientId) throw errors.invalidRequest.withHint("The 'id_token_hint' names no single client.");
  return { subject: claims.sub, clientId, ...(typeof claims.sid === 'string' ? { sid: claims.sid } : {}) };
}
