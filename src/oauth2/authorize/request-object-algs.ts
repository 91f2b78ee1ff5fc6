/**
 * The JWS algorithms a request object may be signed with (OIDC Core §6.1, RFC 9101 §10.2): the
 * asymmetric ones fosite verifies (authorize_request_handler.go: RS*, PS*, ES*), and `none`, which
 * only a client that registered request_object_signing_alg `none` may use (request-object.ts).
 * No HMAC: fosite refuses it, and Tessera keeps client secrets hashed, so it could not verify one.
 */
export const SIGNED_REQUEST_OBJECT_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** What discovery publishes as request_object_signing_alg_values_supported. */
export const REQUEST_OBJECT_ALGS: readonly string[] = ['none', ...SIGNED_REQUEST_OBJECT_ALGS];
