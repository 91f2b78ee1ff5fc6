/**
 * `serve all|public|admin`: loads the configuration, checks the database, prepares signing keys
 * and starts the listeners. Shuts down on SIGTERM/SIGINT: stop accepting, finish what is in
 * flight (Fastify's close waits for it), close the pool, exit 0.
 */
import { chmodSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadConfig, type LoadOptions } from './config/load.js';
import type { ListenerConfig } from './config/types.js';
import { createLogger } from './http/logger.js';
import { buildAdminApp } from './http/admin-app.js';
import { buildPublicApp } from './http/public-app.js';
import { parseDsn } from './persistence/dsn.js';
import { checkReachable } from './persistence/unavailable.js';
import { createRegistry, type Registry, type RegistryOverrides } from './registry.js';

export type ServeMode = 'all' | 'public' | 'admin';

export interface RunningServer {
  registry: Registry;
  publicApp?: FastifyInstance;
  adminApp?: FastifyInstance;
  /** The addresses actually bound (a port of 0 becomes the port the system chose). */
  publicUrl?: string;
  adminUrl?: string;
  close(): Promise<void>;
}

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export async function startServer(
  mode: ServeMode,
  options: LoadOptions,
  logger?: Logger,
  overrides: RegistryOverrides = {},
): Promise<RunningServer> {
  const { config, warnings } = loadConfig(options);
  const log = logger ?? createLogger(config.log.level, config.log.format);
  for (const warning of warnings) log.warn(warning);
  const dsn = parseDsn(config.dsn);
  if (dsn.memory && mode !== 'all') {
    throw new StartupError(`DSN=memory keeps everything in this process, so only "serve all" accepts it (not "serve ${mode}").`);
  }
  const registry = createRegistry(config, log, overrides);
  try {
    await checkReachable(registry.database, dsn.redacted);
    if (dsn.memory) {
      await registry.migrator.up();
    } else {
      await registry.migrator.assertCurrent();
    }
    await registry.keys.prepare();
  } catch (error) {
    await registry.close();
    throw error;
  }
  const running: RunningServer = { registry, close: async () => undefined };
  const apps: FastifyInstance[] = [];
  try {
    if (mode === 'all' || mode === 'public') {
      running.publicApp = buildPublicApp(registry);
      running.publicUrl = await listen(running.publicApp, config.serve.public, log, 'public');
      apps.push(running.publicApp);
    }
    if (mode === 'all' || mode === 'admin') {
      running.adminApp = buildAdminApp(registry);
      running.adminUrl = await listen(running.adminApp, config.serve.admin, log, 'admin');
      apps.push(running.adminApp);
    }
  } catch (error) {
    await Promise.allSettled(apps.map((app) => app.close()));
    await registry.close();
    throw error;
  }
  running.close = async () => {
    await Promise.allSettled(apps.map((app) => app.close()));
    await registry.close();
  };
  return running;
}

async function listen(app: FastifyInstance, listener: ListenerConfig, log: Logger, name: string): Promise<string> {
  if (listener.host.startsWith('unix:')) {
    const path = listener.host.slice('unix:'.length);
    try {
      await app.listen({ path });
      // serve.*.socket.mode (0755 by default, as Hydra): who may connect to the socket file.
      chmodSync(path, listener.socket.mode);
    } catch (error) {
      throw new StartupError(`Unable to serve the ${name} API on unix:${path}: ${(error as Error).message}.`);
    }
    log.info(`Setting up http server on unix:${path} (${name})`);
    return `unix:${path}`;
  }
  const host = listener.host === '' ? '0.0.0.0' : listener.host;
  try {
    await app.listen({ host, port: listener.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new StartupError(`Unable to serve the ${name} API on ${host}:${listener.port}: ${reason}.`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : listener.port;
  log.info(`Setting up http server on ${listener.host}:${port} (${name})`);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** Closes the server once on SIGTERM or SIGINT, then exits 0 (1 if closing failed). */
export function closeOnSignals(server: RunningServer, log: Logger): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal} received: finishing requests in flight, then exiting`);
    const timer = setTimeout(() => {
      log.error('shutdown took longer than 10s; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
