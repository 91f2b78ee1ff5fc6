/**
 * The facts of Hydra's `oidcConfiguration` schema: which keys the discovery document has, of
 * which JSON type, and which are required. Taken from ory/hydra spec/api.json
 * (components.schemas.oidcConfiguration and credentialSupportedDraft00, v26.2.0-105-g83127c575),
 * which generates Hydra's own SDKs (internal/httpclient); the Go SDK refuses a document missing a
 * required key. Descriptions and examples are left out; only types and required keys matter here.
 */
const strings = { type: 'array', items: { type: 'string' } } as const;
const text = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

export const hydraOidcConfigurationSchema = {
  title: 'OpenID Connect Discovery Metadata',
  type: 'object',
  properties: {
    authorization_endpoint: text,
    backchannel_logout_session_supported: flag,
    backchannel_logout_supported: flag,
    claims_parameter_supported: flag,
    claims_supported: strings,
    code_challenge_methods_supported: strings,
    credentials_endpoint_draft_00: text,
    credentials_supported_draft_00: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          cryptographic_binding_methods_supported: strings,
          cryptographic_suites_supported: strings,
          format: text,
          types: strings,
        },
      },
    },
    device_authorization_endpoint: text,
    end_session_endpoint: text,
    frontchannel_logout_session_supported: flag,
    frontchannel_logout_supported: flag,
    grant_types_supported: strings,
    id_token_signed_response_alg: strings,
    id_token_signing_alg_values_supported: strings,
    issuer: text,
    jwks_uri: text,
    registration_endpoint: text,
    request_object_signing_alg_values_supported: strings,
    request_parameter_supported: flag,
    request_uri_parameter_supported: flag,
    require_request_uri_registration: flag,
    response_modes_supported: strings,
    response_types_supported: strings,
    revocation_endpoint: text,
    scopes_supported: strings,
    subject_types_supported: strings,
    token_endpoint: text,
    token_endpoint_auth_methods_supported: strings,
    userinfo_endpoint: text,
    userinfo_signed_response_alg: strings,
    userinfo_signing_alg_values_supported: strings,
  },
  required: [
    'issuer',
    'authorization_endpoint',
    'device_authorization_endpoint',
    'token_endpoint',
    'jwks_uri',
    'subject_types_supported',
    'response_types_supported',
    'id_token_signing_alg_values_supported',
    'id_token_signed_response_alg',
    'userinfo_signed_response_alg',
  ],
} as const;
