/**
 * The discovery members of Hydra's verifiable credentials (oauth2/handler.go, draft 00): the
 * endpoint (webfinger.oidc_discovery.verifiable_credentials_url, else /credentials under
 * urls.self.public, as Hydra's CredentialsEndpointURL) and the one credential it issues.
 */
import type { TesseraConfig } from '../../config/types.js';
import { CREDENTIAL_TYPES, PROOF_ALGORITHMS } from './credential-endpoint.js';

export function credentialDiscovery(config: TesseraConfig): Record<string, unknown> {
  return {
    credentials_endpoint_draft_00: config.webfinger.oidc_discovery.verifiable_credentials_url ?? new URL('credentials', config.urls.self.public).toString(),
    credentials_supported_draft_00: [{
      format: 'jwt_vc_json',
      types: CREDENTIAL_TYPES,
      cryptographic_binding_methods_supported: ['jwk'],
      cryptographic_suites_supported: PROOF_ALGORITHMS,
    }],
  };
}
