/** A complete client model (src/client/client.ts) with plain defaults, for tests that build clients without the admin API. */
import type { Client } from '../../src/client/client.js';

export function clientModel(id: string, extra: Partial<Client> = {}): Client {
  return {
    client_id: id,
    client_name: `name of ${id}`,
    redirect_uris: ['https://example.com/cb'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    scope: 'openid',
    audience: [],
    owner: 'owner-1',
    policy_uri: '',
    tos_uri: '',
    client_uri: '',
    logo_uri: '',
    contacts: [],
    allowed_cors_origins: [],
    subject_type: 'public',
    token_endpoint_auth_method: 'client_secret_basic',
    userinfo_signed_response_alg: 'none',
    metadata: {},
    skip_consent: false,
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
    ...extra,
  };
}
