/**
 * The JWS algorithms a request object may be signed with (OIDC Core §6.1, RFC 9101 §10.2): the
 * asymmetric ones fosite verifies (authorize_request_handler.go: RS*, PS*, ES*), and `none`, which
 * only a client that registered request_object_signing_alg `none` may use (request-object.ts).
 * No HMAC: fosite refuses it, and Tessera keeps client secrets hashed, so it could not verify one.
 * The client validator refuses to register any other (client/request-object-rules.ts).
 */
export { REQUEST_OBJECT_ALGS, SIGNED_REQUEST_OBJECT_ALGS } from '../../client/request-object-rules.js';
