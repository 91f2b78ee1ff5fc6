/**
 * The two JWT client authentication methods of RFC 7523 §2.2 / OIDC Core §9, as entries of the
 * ClientAuthenticator's method table:
 * - `private_key_jwt`: signed with a key of the client's `jwks` or `jwks_uri`, with the
 *   registered token_endpoint_auth_signing_alg (Hydra's default RS256). Only the asymmetric
 *   algorithms Hydra's validator allows: `none` and HMAC would let anyone who knows the public
 *   key (or nothing) sign.
 * - `client_secret_jwt`: HMAC (HS256/384/512, RFC 7518 §3.2) over the client secret, which the
 *   client store keeps sealed for clients of this method (the slow hash cannot key an HMAC).
 *   Hydra refuses this method; Tessera supports it (README, compatibility notes).
 */
import { AUTH_SIGNING_ALGS, HMAC_KEY_BYTES } from '../../client/jwks-rules.js';
import { errors } from '../../core/errors.js';
import type { AuthenticationMethod } from '../client-authentication.js';
import { verifyClientAssertion, type AssertionPolicy } from './client-assertion.js';
import type { ClientKeys } from './client-keys.js';

/** The client secrets kept recoverable for client_secret_jwt (client/client-service.ts). */
export interface RecoverableSecrets {
  /** The current plain secret of a client_secret_jwt client, or undefined when none is stored. */
  secretFor(clientId: string): Promise<string | undefined>;
}

export interface AssertionMethodDeps {
  keys: ClientKeys;
  secrets: RecoverableSecrets;
  policy: AssertionPolicy;
}

export function assertionMethods(deps: AssertionMethodDeps): { private_key_jwt: AuthenticationMethod; client_secret_jwt: AuthenticationMethod } {
  const private_key_jwt: AuthenticationMethod = {
    failureHint: "Unable to verify the integrity of the 'client_assertion' value.",
    async verify(presented, { client }) {
      const alg = client.token_endpoint_auth_signing_alg || 'RS256';
      if (!(AUTH_SIGNING_ALGS as readonly string[]).includes(alg)) {
        throw errors.invalidClient.withHint(`The 'client_assertion' request parameter uses unsupported signing algorithm '${alg}'.`);
      }
      if (!client.jwks?.keys?.length && !client.jwks_uri) {
        throw errors.invalidClient.withHint('The OAuth 2.0 Client has no JSON Web Keys set registered, but they are needed to complete the request.');
      }
      const key = deps.keys.resolverFor(client);
      await verifyClientAssertion({ assertion: presented.assertion!, clientId: client.client_id, algorithms: [alg], key }, deps.policy);
      return true;
    },
  };

  const client_secret_jwt: AuthenticationMethod = {
    failureHint: "Unable to verify the integrity of the 'client_assertion' value.",
    async verify(presented, { client }) {
      const secret = await deps.secrets.secretFor(client.client_id);
      if (!secret) {
        throw errors.invalidClient.withHint("The OAuth 2.0 Client has no secret stored for 'client_secret_jwt'; set its client_secret again.");
      }
      const key = Buffer.from(secret, 'utf8');
      const registered = client.token_endpoint_auth_signing_alg;
      const algorithms = (registered ? [registered] : Object.keys(HMAC_KEY_BYTES)).filter((alg) => key.length >= (HMAC_KEY_BYTES[alg] ?? Infinity));
      if (algorithms.length === 0) {
        throw errors.invalidClient.withHint("The OAuth 2.0 Client's secret is shorter than the HMAC key its 'token_endpoint_auth_signing_alg' needs (RFC 7518 §3.2); set a longer client_secret.");
      }
      await verifyClientAssertion({ assertion: presented.assertion!, clientId: client.client_id, algorithms, key }, deps.policy);
      return true;
    },
  };

  return { private_key_jwt, client_secret_jwt };
}
