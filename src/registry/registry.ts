/**
 * The composition root: with the factory of each domain beside it in src/registry/ (tokens.ts,
 * flows.ts, authorize.ts, userinfo.ts, clients.ts, keys.ts), the only code that constructs
 * concrete services and stores. Everything a handler needs reaches it through the Registry built
 * here from the validated configuration; the two apps (http/public-app.ts, http/admin-app.ts)
 * hand each route module the narrow slice it uses, never the Registry itself.
 */
import type { Logger } from 'pino';
import type { TesseraConfig } from '../config/types.js';
import { Aead } from '../crypto/aead.js';
import { SecretHasher } from '../crypto/secret-hasher.js';
import { SqlCodeStore } from '../persistence/sql/code.js';
import { openDatabase, type Database } from '../persistence/database.js';
import { parseDsn } from '../persistence/dsn.js';
import { Migrator } from '../persistence/migrator.js';
import type { KeyManager } from '../jwk/key-manager.js';
import { createKeyManager } from './keys.js';
import type { ClientService } from '../client/client-service.js';
import { createClientManagement, createClientService, type ClientManagement } from './clients.js';
import { createTokenServices, type TokenServices } from './tokens.js';
import { createTrustServices, type TrustServices } from './trust.js';
import { createFlowServices, type FlowServices } from './flows.js';
import { createAuthorizeServices } from './authorize.js';
import { createUserinfoEndpoint } from './userinfo.js';
import { createDeviceBrowserServices } from './device.js';
import type { DeviceVerification } from '../oauth2/device/device-verification.js';
import type { DeviceAdmin } from '../oauth2/device/device-admin.js';
import { createCredentialEndpoint } from './credentials.js';
import type { AuthorizeEndpoint } from '../oauth2/authorize/authorize-endpoint.js';
import type { UserinfoEndpoint } from '../oauth2/userinfo/userinfo-endpoint.js';
import type { CredentialEndpoint } from '../oauth2/credentials/credential-endpoint.js';
import { createMetrics, type Metrics } from '../http/metrics/metrics.js';
import { OutboundHttp } from '../http/outbound/outbound-http.js';
import { OutboundPolicy } from '../http/outbound/outbound-policy.js';
import type { ClientKeys } from '../oauth2/assertion/client-keys.js';
import { RegisteredClientKeys } from '../oauth2/assertion/registered-client-keys.js';
import { DEFAULT_JWKS_URI_CACHE, JwksUriCache } from '../oauth2/assertion/jwks-uri-cache.js';

export interface Registry {
  readonly config: TesseraConfig;
  readonly logger: Logger;
  readonly database: Database;
  readonly migrator: Migrator;
  /** Seals data at rest under secrets.system. */
  readonly aead: Aead;
  readonly hasher: SecretHasher;
  readonly clients: ClientService;
  /** Secret rotation (admin) and dynamic client registration (public). */
  readonly clientManagement: ClientManagement;
  readonly keys: KeyManager;
  readonly tokens: TokenServices;
  /** The issuers whose RFC 7523 assertions the token endpoint accepts (admin trust API). */
  readonly trust: TrustServices;
  /** The endpoints a browser or relying party reaches with a user's grant: authorization and UserInfo. */
  readonly oauth2: OAuth2Services;
  /** The login/consent state machine, logout and login sessions. */
  readonly flows: FlowServices;
  /** Every request Tessera makes to a registered URL, guarded by clients.http.*. */
  readonly outbound: OutboundHttp;
  /** The keys clients registered (jwks, or jwks_uri fetched through `outbound`, cached with a bound). */
  readonly clientKeys: ClientKeys;
  /** This instance's Prometheus registry (GET /admin/metrics/prometheus). */
  readonly metrics: Metrics;
  /** The clock of every expiry decision; tests inject one instead of sleeping. */
  readonly now: () => number;
  /** Readiness: the database answers and its schema is current. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface OAuth2Services {
  /** The authorization endpoint (GET and POST /oauth2/auth), which drives the browser's side of the flow. */
  readonly authorize: AuthorizeEndpoint;
  /** OIDC Core §5.3, read with an access token. */
  readonly userinfo: UserinfoEndpoint;
  /** Hydra's POST /credentials (verifiable credentials, draft 00), read with an access token. */
  readonly credentials: CredentialEndpoint;
  /** RFC 8628: GET /oauth2/device/verify, which hands the user into the login/consent flow. */
  readonly deviceVerification: DeviceVerification;
  /** RFC 8628: the admin device-challenge API (accept a user code). */
  readonly deviceAdmin: DeviceAdmin;
}

function deviceServices(device: { verification: DeviceVerification; admin: DeviceAdmin }) {
  return { deviceVerification: device.verification, deviceAdmin: device.admin };
}

export interface RegistryOverrides {
  now?: () => number;
}

export function createRegistry(config: TesseraConfig, logger: Logger, overrides: RegistryOverrides = {}): Registry {
  const now = overrides.now ?? Date.now;
  // First: an invalid exception glob is a configuration error, refused before anything opens.
  const outbound = new OutboundHttp(new OutboundPolicy(config.clients?.http));
  const database = openDatabase(parseDsn(config.dsn), {
    onPoolError: (error) => logger.warn({ err: { message: error.message } }, 'database connection lost; it will be replaced'),
  });
  const migrator = new Migrator(database);
  const aead = new Aead(config.secrets.system);
  const hasher = new SecretHasher({
    algorithm: config.oauth2.hashers.algorithm,
    pbkdf2Iterations: config.oauth2.hashers.pbkdf2.iterations,
    bcryptCost: config.oauth2.hashers.bcrypt.cost,
  });
  // Seals page tokens (client and trust lists) under secrets.pagination.
  const pageTokens = new Aead(config.secrets.pagination);
  const clients = createClientService(database, hasher, pageTokens, config, outbound, aead);
  const clientManagement = createClientManagement(database, hasher, clients, config, now);
  const keys = createKeyManager(database, aead, logger);
  const clientKeys = new RegisteredClientKeys(new JwksUriCache(outbound, { ...DEFAULT_JWKS_URI_CACHE, now }));
  const recoverableSecrets = { secretFor: (id: string) => clients.recoverableSecret(id) };
  const trust = createTrustServices(database, pageTokens, now);
  const tokens = createTokenServices({ config, database, aead, hasher, clients, recoverableSecrets, clientKeys, keys, trust: trust.store, outbound, log: logger, now });
  const flows = createFlowServices({ config, database, aead, clients, keys, grants: tokens.refreshTokens.store, now, logger, outbound });
  const oauth2: OAuth2Services = {
    ...createAuthorizeServices({
      config, clients, flows: flows.browser, codes: tokens.codes, frontChannel: tokens.frontChannel, keys, unitOfWork: tokens.unitOfWork,
      codeRows: database.dialect === 'postgres' ? new SqlCodeStore(database, aead) : undefined,
      clientKeys, outbound, now,
    }),
    userinfo: createUserinfoEndpoint({ config, aead, clients, keys, introspector: tokens.introspector, accessTokens: tokens.accessTokens, now }),
    ...deviceServices(createDeviceBrowserServices({ config, device: tokens.device, flows: flows.browser, clients, now })),
    credentials: createCredentialEndpoint({ config, aead, keys, tokens, now }),
  };
  return {
    config,
    logger,
    database,
    migrator,
    aead,
    hasher,
    clients,
    clientManagement,
    keys,
    tokens,
    trust,
    oauth2,
    flows,
    outbound,
    clientKeys,
    metrics: createMetrics(database),
    now,
    async ready() {
      await database.ping();
      await migrator.assertCurrent();
    },
    async close() {
      // Back-channel logout requests under way finish first (each is bounded by its timeout).
      await flows.backChannelLogout.idle();
      // So do the calls that disable identity provider sessions (bounded by Hydra's 30 s).
      await flows.identityProviderLogout.idle();
      await database.close();
    },
  };
}
