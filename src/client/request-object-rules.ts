/**
 * request_object_signing_alg (OpenID Connect Registration §2): the one algorithm the client's
 * request objects must use (OIDC Core §6.1). Hydra stores any string; Tessera refuses one it could
 * never verify, as it refuses unknown grant types (client-validator.ts): such a value would make
 * every request object of the client fail at the authorization endpoint instead of here.
 * `none` is a legal choice: it is what allows unsigned request objects (oauth2/authorize/request-object.ts).
 */
import { errors } from '../core/errors.js';
import { AUTH_SIGNING_ALGS } from './jwks-rules.js';

/** The asymmetric algorithms fosite verifies request objects with (authorize_request_handler.go): Hydra's private_key_jwt list. */
export const SIGNED_REQUEST_OBJECT_ALGS: readonly string[] = AUTH_SIGNING_ALGS;

export const REQUEST_OBJECT_ALGS: readonly string[] = ['none', ...SIGNED_REQUEST_OBJECT_ALGS];

export function checkRequestObjectSigningAlg(alg: string | undefined): void {
  if (alg && !REQUEST_OBJECT_ALGS.includes(alg)) {
    throw errors.invalidClientMetadata.withHint(`Field request_object_signing_alg must be one of ${REQUEST_OBJECT_ALGS.join(', ')}.`);
  }
}
