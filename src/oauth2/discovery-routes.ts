/**
 * The discovery document at both well-known paths, as Hydra serves it (OpenID Connect Discovery
 * 1.0 §4, RFC 8414 §3); the body is discovery-bodies.ts's.
 */
import type { TesseraConfig } from '../config/types.js';
import type { PublicApp } from '../http/surfaces/surface.js';
import { DiscoveryBodies } from './discovery-bodies.js';
import type { SigningKeySource } from '../jwk/key-sets.js';

export interface DiscoveryRouteDeps {
  config: TesseraConfig;
  keys: SigningKeySource;
}

export function registerDiscoveryRoutes(app: PublicApp, { config, keys }: DiscoveryRouteDeps): void {
  const bodies = new DiscoveryBodies(config, keys);
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    app.get(path, async (_request, reply) => {
      const body = await bodies.current();
      // Discovery sends its own policy (no-store, as the signing algorithm it names can change);
      // the public listener's cache policy does not cover this route.
      reply.type('application/json; charset=utf-8').header('cache-control', 'no-store');
      return body;
    });
  }
}
