/** PLACEHOLDER owned by the client work: the /admin/clients routes. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../registry.js';

export function registerClientAdminRoutes(_app: FastifyInstance, _registry: Registry): void {}
