/**
 * `serve all|public|admin`: loads the configuration, decides how each listener speaks (HTTPS,
 * plain HTTP behind a terminating proxy, plain HTTP by choice, or a UNIX socket), checks the
 * database, prepares signing keys and starts the listeners. Shuts down on SIGTERM/SIGINT: stop
 * accepting, answer late arrivals 503, finish what is in flight (bounded), close the pool, exit 0.
 */
import type { FastifyInstance } from 'fastify';
import type { AdminApp, AnyApp, PublicApp } from './http/surfaces/surface.js';
import type { Logger } from 'pino';
import { loadConfig, type LoadOptions } from './config/load.js';
import type { ListenerConfig, TesseraConfig } from './config/types.js';
import { createLogger } from './http/logging/logger.js';
import { buildAdminApp } from './http/admin-app.js';
import { buildPublicApp } from './http/public-app.js';
import { ListenerGate } from './http/listener/listener-gate.js';
import { listenerSecurity, type ListenerSecurity } from './http/listener/listener-security.js';
import { StartupError } from './http/listener/startup-error.js';
import { applySocketPermission, clearStaleSocket, removeSocketFile, unixSocketPath } from './http/listener/unix-socket.js';
import { parseDsn } from './persistence/dsn.js';
import { checkReachable } from './persistence/unavailable.js';
import { createRegistry, type Registry, type RegistryOverrides } from './registry/registry.js';

export { StartupError };

export type ServeMode = 'all' | 'public' | 'admin';
type ListenerName = 'public' | 'admin';

export interface RunningServer {
  registry: Registry;
  publicApp?: PublicApp;
  adminApp?: AdminApp;
  /** The addresses actually bound (a port of 0 becomes the port the system chose). */
  publicUrl?: string;
  adminUrl?: string;
  close(): Promise<void>;
}

/** How long requests in flight may take to finish once a shutdown has begun. */
export const SHUTDOWN_GRACE_MS = 10_000;

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
  const names: ListenerName[] = mode === 'all' ? ['public', 'admin'] : [mode];
  const flags = { dev: config.dev, forceHttp: options.forceHttp ?? false };
  const registry = createRegistry(config, log, overrides);
  const securities = new Map<ListenerName, ListenerSecurity>();
  try {
    await checkReachable(registry.database, dsn.redacted);
    if (dsn.memory) {
      await registry.migrator.up();
    } else {
      await registry.migrator.assertCurrent();
    }
    // After the database checks (a schema behind is the first thing to fix), before key
    // generation (a missing certificate or a busy socket is refused at once, not after seconds
    // of RSA). listenOnSocket checks the socket path again right before binding it.
    for (const name of names) {
      securities.set(name, listenerSecurity(config, name, flags));
      const socketPath = unixSocketPath(config.serve[name].host);
      if (socketPath) await clearStaleSocket(socketPath, name);
    }
    await registry.keys.prepare();
  } catch (error) {
    await registry.close();
    throw error;
  }
  const running: RunningServer = { registry, close: async () => undefined };
  const started: StartedListener[] = [];
  try {
    for (const name of names) {
      const listener = await startListener(registry, name, securities.get(name)!, log);
      started.push(listener);
      if (listener.surface.name === 'public') [running.publicApp, running.publicUrl] = [listener.surface.app, listener.url];
      else [running.adminApp, running.adminUrl] = [listener.surface.app, listener.url];
    }
  } catch (error) {
    await closeListeners(started);
    await registry.close();
    throw error;
  }
  running.close = async () => {
    await closeListeners(started);
    await registry.close();
  };
  return running;
}

/** The app with the name of its surface, so that each keeps its own type. */
type Surface = { name: 'public'; app: PublicApp } | { name: 'admin'; app: AdminApp };

interface StartedListener {
  surface: Surface;
  app: AnyApp;
  gate: ListenerGate;
  url: string;
  socketPath?: string;
}

async function startListener(registry: Registry, name: ListenerName, security: ListenerSecurity, log: Logger): Promise<StartedListener> {
  const gate = new ListenerGate(security, log.child({ listener: name }), name);
  const surface: Surface = name === 'public' ? { name, app: buildPublicApp(registry, gate) } : { name, app: buildAdminApp(registry, gate) };
  const app = surface.app;
  const listener = registry.config.serve[name];
  const socketPath = unixSocketPath(listener.host);
  try {
    const url = socketPath ? await listenOnSocket(app, listener, socketPath, name) : await listenOnPort(app, listener, gate.scheme, name);
    log.info(`Setting up http server on ${url} (${name})`);
    warnAboutPlainHttp(security, registry.config, name, log);
    return { surface, app, gate, url, socketPath };
  } catch (error) {
    await app.close().catch(() => undefined);
    gate.close();
    throw error;
  }
}

async function listenOnSocket(app: FastifyInstance, listener: ListenerConfig, path: string, name: ListenerName): Promise<string> {
  await clearStaleSocket(path, name);
  try {
    await app.listen({ path });
  } catch (error) {
    throw new StartupError(`Unable to serve the ${name} API on unix:${path}: ${(error as Error).message}.`);
  }
  try {
    applySocketPermission(path, listener.socket, name);
  } catch (error) {
    removeSocketFile(path); // ours: bound above; a socket nobody may use is not left behind
    throw error;
  }
  return `unix:${path}`;
}

async function listenOnPort(app: FastifyInstance, listener: ListenerConfig, scheme: string, name: ListenerName): Promise<string> {
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
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${scheme}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function warnAboutPlainHttp(security: ListenerSecurity, config: TesseraConfig, name: ListenerName, log: Logger): void {
  if (security.kind === 'termination') {
    log.info(`Upstream TLS termination enabled for the ${name} API from ${security.ranges.list.join(', ')}; serving plain HTTP behind it.`);
  } else if (security.kind === 'plain' && security.reason !== 'unix-socket' && !config.dev) {
    // Hydra's own warning (cmd/server/handler.go serve).
    log.warn(`HTTPS is disabled for the ${name} API. Please ensure that your proxy is configured to provide HTTPS, and that it redirects HTTP to HTTPS.`);
  }
}

/** Stops accepting, answers late arrivals 503, waits for requests in flight, removes socket files. */
async function closeListeners(listeners: StartedListener[]): Promise<void> {
  for (const listener of listeners) listener.gate.beginShutdown();
  await Promise.allSettled(listeners.map((listener) => listener.app.close()));
  for (const listener of listeners) listener.gate.close();
  for (const listener of listeners) if (listener.socketPath) removeSocketFile(listener.socketPath);
}

/** Closes the server once on SIGTERM or SIGINT, then exits 0 (1 if closing failed). */
export function closeOnSignals(server: RunningServer, log: Logger): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal} received: finishing requests in flight, then exiting`);
    const timer = setTimeout(() => {
      log.error(`requests still in flight after ${SHUTDOWN_GRACE_MS / 1000}s; exiting without them`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
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
