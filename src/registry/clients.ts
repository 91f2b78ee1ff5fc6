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
