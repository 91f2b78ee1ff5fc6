/**
 * Liveness and readiness, as Hydra (`oryx/healthx`): alive answers while the process runs;
 * ready also needs the database to answer and its schema to be current.
 */
import type { AnyApp } from './surfaces/surface.js';
import { isDatabaseUnavailable } from '../persistence/unavailable.js';
import { PendingMigrationsError } from '../persistence/migrator.js';

export interface ReadinessProbe {
  (): Promise<void>;
}

// Served on both listeners with the same answer, so the routes send their own no-store rather
// than take each listener's cache policy (which would add Pragma on the admin listener only).
export function registerHealthRoutes(app: AnyApp, prefix: string, ready: ReadinessProbe): void {
  app.get(`${prefix}/health/alive`, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get(`${prefix}/health/ready`, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await ready();
      return { status: 'ok' };
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message } }, 'readiness check failed');
      // Hydra's shape ({"errors": {"database": ...}}); only our own messages are shown, never a driver's.
      const reason = isDatabaseUnavailable(error)
        ? 'the database cannot be reached'
        : error instanceof PendingMigrationsError
          ? error.message
          : 'the database check failed; see the server log';
      reply.status(503);
      return { errors: { database: reason } };
    }
  });
}
