/**
 * OpenID Connect Discovery 1.0 (`/.well-known/openid-configuration`) and RFC 8414
 * (`/.well-known/oauth-authorization-server`), one document as in Hydra. RFC 8414 §3.3: the
 * `issuer` must be identical to the configured issuer, byte for byte.
 */
import type { TesseraConfig } from '../config/types.js';
import { supportedSubjectTypes } from '../client/subject-type.js';
import { capabilities, type Capabilities } from './capabilities.js';
import { credentialDiscovery } from './credentials/credential-discovery.js';

export function discoveryDocument(config: TesseraConfig, caps: Capabilities = capabilities): Record<string, unknown> {
  const base = config.urls.self.public;
  const at = (path: string) => new URL(path, base).toString();
  const overrides = config.webfinger.oidc_discovery;
  const doc: Record<string, unknown> = {
    issuer: config.urls.self.issuer,
    jwks_uri: overrides.jwks_url ?? at('.well-known/jwks.json'),
  };
  const endpoint = (name: string, path: string | undefined, override?: string) => {
    if (path) doc[name] = override ?? at(path);
  };
  endpoint('authorization_endpoint', caps.endpoints.authorization, overrides.auth_url);
  endpoint('token_endpoint', caps.endpoints.token, overrides.token_url);
  endpoint('userinfo_endpoint', caps.endpoints.userinfo, overrides.userinfo_url);
  endpoint('revocation_endpoint', caps.endpoints.revocation);
  endpoint('end_session_endpoint', caps.endpoints.end_session);
  endpoint('device_authorization_endpoint', caps.endpoints.device_authorization, overrides.device_authorization_url);
  // RFC 8414 §2 / OIDC Discovery §3: Tessera's /oauth2/register while registration is enabled.
  // webfinger.oidc_discovery.client_registration_url is published whenever set, as Hydra does
  // (it may name a registration service in front of the admin API).
  if (overrides.client_registration_url) doc.registration_endpoint = overrides.client_registration_url;
  else if (config.oidc.dynamic_client_registration.enabled) endpoint('registration_endpoint', caps.endpoints.registration);
  // Hydra's SubjectTypesSupported: pairwise is withdrawn under JWT access tokens (they carry the local sub).
  doc.subject_types_supported = supportedSubjectTypes(config.oidc.subject_identifiers.supported_types, config.strategies.access_token);
  doc.response_types_supported = caps.responseTypes;
  doc.grant_types_supported = caps.grantTypes;
  if (caps.responseModes.length > 0) doc.response_modes_supported = caps.responseModes;
  if (caps.tokenEndpointAuthMethods.length > 0) {
    doc.token_endpoint_auth_methods_supported = caps.tokenEndpointAuthMethods;
  }
  if (caps.tokenEndpointAuthMethods.some((method) => method.endsWith('_jwt'))) {
    doc.token_endpoint_auth_signing_alg_values_supported = caps.tokenEndpointAuthSigningAlgs;
  }
  if (caps.codeChallengeMethods.length > 0) doc.code_challenge_methods_supported = caps.codeChallengeMethods;
  // RFC 9207 §3: every authorization response carries `iss`, so clients may insist on it.
  if (caps.endpoints.authorization) doc.authorization_response_iss_parameter_supported = true;
  doc.id_token_signing_alg_values_supported = caps.idTokenSigningAlgs;
  // Hydra's oidcConfiguration marks these two required (spec/api.json); both name the ID token
  // key's algorithm, which signed userinfo responses use too (userinfo-signer.ts).
  doc.id_token_signed_response_alg = caps.idTokenSigningAlgs;
  // Hydra: ["none", <the ID token key's alg>]; signed userinfo uses the ID token keys.
  if (caps.endpoints.userinfo) {
    doc.userinfo_signing_alg_values_supported = ['none', ...caps.idTokenSigningAlgs];
    doc.userinfo_signed_response_alg = caps.idTokenSigningAlgs;
  }
  // Always published, as Hydra's OIDCDiscoverySupportedScope/SupportedClaims (driver/config/provider.go):
  // the scopes Tessera itself acts on, then the configured ones, without repeats (oidc-agent needs both keys).
  doc.scopes_supported = unique(['offline_access', 'offline', 'openid', ...(overrides.supported_scope ?? [])]);
  doc.claims_supported = unique(['sub', ...(overrides.supported_claims ?? [])]);
  // OIDC Discovery §3: request_uri_parameter_supported defaults to true when absent, so each is
  // spelt out. Tessera does not read the claims parameter.
  doc.claims_parameter_supported = caps.claimsParameter;
  doc.request_parameter_supported = caps.requestObjects;
  doc.request_uri_parameter_supported = caps.requestObjects;
  if (caps.requestObjects) {
    // As Hydra: a request_uri must be one the client registered (request-uri.ts).
    doc.require_request_uri_registration = true;
    // Hydra publishes ["none", "RS256", "ES256"]; Tessera names every algorithm it verifies.
    doc.request_object_signing_alg_values_supported = caps.requestObjectSigningAlgs;
  }
  if (caps.frontchannelLogout) doc.frontchannel_logout_supported = true;
  if (caps.frontchannelLogout) doc.frontchannel_logout_session_supported = true;
  if (caps.backchannelLogout) doc.backchannel_logout_supported = true;
  if (caps.backchannelLogout) doc.backchannel_logout_session_supported = true;
  // Hydra's verifiable credentials (draft 00), always published as Hydra does.
  Object.assign(doc, credentialDiscovery(config));
  return doc;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
