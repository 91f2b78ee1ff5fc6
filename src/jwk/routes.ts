/** PLACEHOLDER owned by the JWK work: admin /admin/keys routes and the public /.well-known/jwks.json. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../registry.js';

export function registerJwkAdminRoutes(_app: FastifyInstance, _registry: Registry): void {}

export function registerJwkPublicRoutes(_app: FastifyInstance, _registry: Registry): void {}
