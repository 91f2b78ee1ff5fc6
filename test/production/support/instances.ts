/**
 * Tessera instances as an operator runs them behind a load balancer: real `serve all` child
 * processes on one database, one shared secret and one issuer, each on its own ports. They are
 * spawned together, so that their first starts race as containers starting at once do.
 */
import { freePort, spawnTessera, type TesseraProcess } from '../../support/process.js';
import { openDatabase } from '../../../src/persistence/database.js';
import { parseDsn } from '../../../src/persistence/dsn.js';
import { SqlKeyStore } from '../../../src/persistence/sql/key.js';
import { Aead } from '../../../src/crypto/aead.js';
import { generateJwk } from '../../../src/jwk/generate.js';
import { ACCESS_TOKEN_SET, ID_TOKEN_SET } from '../../../src/jwk/key-manager.js';

export const SECRET = 'production-test-system-secret-0123456789';

export interface Instance {
  process: TesseraProcess;
  publicUrl: string;
  adminUrl: string;
}

export interface InstanceOptions {
  dsn: string;
  /** The issuer every instance announces; the first instance's public URL when not given. */
  issuer?: string;
  env?: Record<string, string>;
}

export async function reservePorts(count: number): Promise<{ publicPort: number; adminPort: number }[]> {
  const ports: { publicPort: number; adminPort: number }[] = [];
  for (let i = 0; i < count; i++) ports.push({ publicPort: await freePort(), adminPort: await freePort() });
  return ports;
}

/** Spawns one instance per port pair at the same moment; does not wait for readiness. */
export function spawnInstances(ports: { publicPort: number; adminPort: number }[], options: InstanceOptions): Instance[] {
  const issuer = options.issuer ?? `http://127.0.0.1:${ports[0]!.publicPort}/`;
  return ports.map(({ publicPort, adminPort }) => ({
    process: spawnTessera(['serve', 'all', '--dev'], {
      DSN: options.dsn,
      SECRETS_SYSTEM: SECRET,
      SERVE_PUBLIC_PORT: String(publicPort),
      SERVE_ADMIN_PORT: String(adminPort),
      SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_ADMIN_HOST: '127.0.0.1',
      URLS_SELF_ISSUER: issuer,
      URLS_LOGIN: 'http://127.0.0.1:5556/login',
      URLS_CONSENT: 'http://127.0.0.1:5556/consent',
      LOG_LEVEL: 'warn',
      ...options.env,
    }),
    publicUrl: `http://127.0.0.1:${publicPort}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
  }));
}

export async function waitReady(instances: Instance[], timeoutMs = 45_000): Promise<void> {
  await Promise.all(instances.map((instance) => instance.process.waitFor(`${instance.adminUrl}/health/ready`, timeoutMs)));
}

export async function stopAll(instances: Instance[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.process.stop('SIGKILL')));
}

/** Output that means a process failed to handle something: crashes, unhandled rejections, 500s. */
export function troubleIn(instance: Instance): string | undefined {
  const text = `${instance.process.stdout}\n${instance.process.stderr}`;
  return /unhandled|uncaught|FATAL ERROR|"statusCode":500|server_error/i.test(text) ? text : undefined;
}

/**
 * Gives both signing sets a key before any server starts, for tests that are not about key
 * generation: a first start generates RSA 4096 keys (as Hydra), which takes tens of seconds on
 * a busy machine. ES256 keys take a millisecond and sign alike.
 */
export async function seedSigningKeys(dsn: string): Promise<void> {
  const database = openDatabase(parseDsn(dsn));
  try {
    const store = new SqlKeyStore(database, new Aead([SECRET]));
    for (const set of [ID_TOKEN_SET, ACCESS_TOKEN_SET]) {
      await store.addSigningKeyIfAbsent(set, await generateJwk({ alg: 'ES256', kid: `seeded-${set}` }));
    }
  } finally {
    await database.close();
  }
}
