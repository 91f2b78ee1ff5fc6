/**
 * Composes the client use cases (client/client-service.ts) from the configuration: the SQL client
 * store, the validator with Hydra's defaults, and the page tokens sealed under secrets.pagination.
 */
import type { TesseraConfig } from '../config/types.js';
import type { Aead } from '../crypto/aead.js';
import type { SecretHasher } from '../crypto/secret-hasher.js';
import type { Database } from '../persistence/database.js';
import type { OutboundHttp } from '../http/outbound/outbound-http.js';
import { ClientService, DEFAULT_CLIENT_SCOPE } from '../client/client-service.js';
import { ClientValidator } from '../client/client-validator.js';
import { PageTokens } from '../client/page-token.js';
import { SqlClientStore } from '../persistence/sql/client.js';
import { ClientSecretRotation } from '../client/secret-rotation.js';
import { DynamicRegistration } from '../client/dynamic-registration.js';
import { HmacTokenStrategy } from '../crypto/hmac-token.js';

export function createClientService(
  database: Database,
  hasher: SecretHasher,
  pagination: Aead,
  config: TesseraConfig,
  outbound: OutboundHttp,
  /** secrets.system: seals client_secret_jwt secrets. */
  sealing: Aead,
): ClientService {
  const validator = new ClientValidator({
    outbound,
    subjectTypes: config.oidc.subject_identifiers.supported_types,
    defaultAccessTokenStrategy: config.strategies.access_token,
    defaultScope: config.oidc.dynamic_client_registration.default_scope?.length
      ? config.oidc.dynamic_client_registration.default_scope
      : DEFAULT_CLIENT_SCOPE,
  });
  return new ClientService(new SqlClientStore(database), hasher, validator, new PageTokens(pagination), Date.now, sealing);
}

/** Secret rotation (admin API) and dynamic client registration (public API), over the same store. */
export interface ClientManagement {
  rotation: ClientSecretRotation;
  registration: DynamicRegistration;
}

export function createClientManagement(
  database: Database,
  hasher: SecretHasher,
  clients: ClientService,
  config: TesseraConfig,
  now: () => number,
): ClientManagement {
  return {
    rotation: new ClientSecretRotation(new SqlClientStore(database), hasher, now),
    // Registration access tokens are opaque tokens under secrets.system, as Hydra's (its OAuth2HMACStrategy).
    registration: new DynamicRegistration(clients, new SqlClientStore(database), new HmacTokenStrategy(config.secrets.system), {
      enabled: config.oidc.dynamic_client_registration.enabled,
      publicUrl: config.urls.self.public,
    }),
  };
}
