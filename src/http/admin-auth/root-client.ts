/**
 * FORCE_ROOT_CLIENT_CREDENTIALS=id:secret, the bootstrap of Hydra v0.x (cmd/server/helper_client.go)
 * that the seed guides still use: at `serve` start a client with that id and secret exists,
 * allowed the client_credentials grant and the admin scope (serve.admin.auth.scope), so that the
 * operator can obtain an admin API token at once. Both parts are URL-unescaped, as Hydra v0.10 did,
 * so an id or secret may carry ":" as %3A.
 *
 * Unlike Hydra, which only created it on an empty database, this runs at every start and is
 * idempotent: an existing client keeps everything else the operator set; a changed secret is
 * stored (hashed), and a missing grant or admin scope is added. Neither value is ever logged.
 */
import { ConfigError } from '../../config/config-error.js';
import type { Logger } from 'pino';
import type { ClientService } from '../../client/client-service.js';
import type { TesseraConfig } from '../../config/types.js';
import type { SecretHasher } from '../../crypto/secret-hasher.js';

export const ROOT_CLIENT_ENV = 'FORCE_ROOT_CLIENT_CREDENTIALS';

export interface RootCredentials {
  id: string;
  secret: string;
}

export function parseRootCredentials(raw: string): RootCredentials {
  const parts = raw.split(':');
  const invalid = () =>
    new ConfigError(`${ROOT_CLIENT_ENV} must have the form "id:secret" (URL-encode a ":" inside either part as %3A).`);
  if (parts.length !== 2) throw invalid();
  let id: string;
  let secret: string;
  try {
    // Go's url.QueryUnescape: "+" is a space, %XX a byte.
    [id, secret] = parts.map((part) => decodeURIComponent(part.replace(/\+/g, ' '))) as [string, string];
  } catch {
    throw invalid();
  }
  if (id.trim() === '' || secret === '') throw invalid();
  return { id, secret };
}

export type RootClientOutcome = 'created' | 'updated' | 'unchanged';

/** What the root client bootstrap uses (the registry has all of it). */
export interface RootClientDeps {
  clients: ClientService;
  hasher: SecretHasher;
  config: TesseraConfig;
  logger: Logger;
}

export async function ensureRootClient(
  registry: Omit<RootClientDeps, 'logger'>,
  credentials: RootCredentials,
): Promise<RootClientOutcome> {
  const scope = registry.config.serve.admin.auth.scope;
  const existing = await registry.clients.getForAuthentication(credentials.id);
  if (!existing) {
    await registry.clients.create({
      client_id: credentials.id,
      client_secret: credentials.secret,
      client_name: 'Root client created from FORCE_ROOT_CLIENT_CREDENTIALS',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      scope,
      token_endpoint_auth_method: 'client_secret_basic',
    });
    return 'created';
  }
  const patch: Array<{ op: 'add'; path: string; value: unknown }> = [];
  const { client } = existing;
  if (!existing.secretHash || !(await registry.hasher.verify(credentials.secret, existing.secretHash))) {
    patch.push({ op: 'add', path: '/client_secret', value: credentials.secret });
  }
  if (!(client.grant_types ?? []).includes('client_credentials')) {
    patch.push({ op: 'add', path: '/grant_types', value: [...(client.grant_types ?? []), 'client_credentials'] });
  }
  const scopes = (client.scope ?? '').split(' ').filter(Boolean);
  if (!scopes.includes(scope)) patch.push({ op: 'add', path: '/scope', value: [...scopes, scope].join(' ') });
  if (patch.length === 0) return 'unchanged';
  await registry.clients.patch(credentials.id, patch);
  return 'updated';
}

/** Reads the variable from `env` and applies it; returns undefined when it is not set. */
export async function bootstrapRootClient(
  registry: RootClientDeps,
  env: NodeJS.ProcessEnv,
): Promise<RootClientOutcome | undefined> {
  const raw = env[ROOT_CLIENT_ENV];
  if (raw === undefined || raw === '') return undefined;
  const credentials = parseRootCredentials(raw);
  const outcome = await ensureRootClient(registry, credentials);
  registry.logger.info(
    `${ROOT_CLIENT_ENV}: root client "${credentials.id}" ${outcome}; it may use client_credentials with scope "${registry.config.serve.admin.auth.scope}".`,
  );
  return outcome;
}
