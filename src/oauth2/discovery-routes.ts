/**
 * The discovery document at both well-known paths, as Hydra serves it (OpenID Connect Discovery
 * 1.0 §4, RFC 8414 §3); the body is discovery-bodies.ts's.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../registry.js';
import { DiscoveryBodies } from './discovery-bodies.js';

export function registerDiscoveryRoutes(app: FastifyInstance, registry: Registry): void {
  const bodies = new DiscoveryBodies(registry.config, registry.keys);
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    app.get(path, async (_request, reply) => {
      const body = await bodies.current();
      reply.type('application/json; charset=utf-8').header('cache-control', 'no-store');
      return body;
    });
  }
}
