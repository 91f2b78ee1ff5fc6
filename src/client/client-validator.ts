/**
 * Turns type-checked input into a valid client, applying Hydra's defaults
 * (`client/validator.go`): token_endpoint_auth_method client_secret_basic, the default scope
 * `offline_access offline openid` (or oidc.dynamic_client_registration.default_scope),
 * subject_type public, userinfo_signed_response_alg none, metadata {}. Beyond Hydra, unknown
 * grant types, response types and authentication methods are refused here rather than failing
 * later at the token endpoint.
 */
import { errors } from '../core/errors.js';
import type { Client } from './client.js';
import type { ClientInput } from './client-input.js';
import { checkClientSecretJwt, checkJwks, checkPrivateKeyJwt } from './jwks-rules.js';
import { canonicalStrategy, checkAuthMethod, checkGrantTypes, checkResponseTypes } from './protocol-rules.js';
import { canonicalLifespans } from './lifespan.js';
import type { OutboundHttp } from '../http/outbound/outbound-http.js';
import { checkDestinations } from './destination-rules.js';
import { checkSectorIdentifier, sectorDocumentFetcher } from './sector-identifier.js';
import { checkSubjectType } from './subject-type.js';
import { checkRequestObjectSigningAlg } from './request-object-rules.js';
import { checkAbsoluteUris, checkCorsOrigins, checkPostLogoutRedirectUris, checkRedirectUris, checkWebUri } from './uri-rules.js';

/** Hydra refuses secrets shorter than this. */
export const MIN_SECRET_LENGTH = 6;

export interface ValidatorOptions {
  subjectTypes: readonly string[];
  defaultAccessTokenStrategy: 'jwt' | 'opaque';
  defaultScope: readonly string[];
  /** Fetches sector_identifier_uri and judges registered URLs under clients.http.*. */
  outbound: OutboundHttp;
}

/** What the server decides and the caller cannot: identity and timestamps. */
export interface ServerFields {
  client_id: string;
  created_at: number;
  updated_at: number;
}

export class ClientValidator {
  constructor(private readonly options: ValidatorOptions) {}

  async validate(input: ClientInput, server: ServerFields): Promise<Client> {
    const secret = input.client_secret;
    if (secret !== undefined && secret.length > 0 && secret.length < MIN_SECRET_LENGTH) {
      throw errors.invalidClientMetadata.withHint(`Field client_secret must be at least ${MIN_SECRET_LENGTH} characters long.`);
    }
    const method = checkAuthMethod(input.token_endpoint_auth_method);
    const grantTypes = input.grant_types ?? [];
    checkGrantTypes(grantTypes);
    const responseTypes = input.response_types ?? [];
    checkResponseTypes(responseTypes);

    const jwks = checkJwks(input.jwks);
    if (jwks && input.jwks_uri) throw errors.invalidClientMetadata.withHint('Fields jwks and jwks_uri cannot both be set; choose one.');
    if (method === 'private_key_jwt') checkPrivateKeyJwt(Boolean(jwks || input.jwks_uri), input.token_endpoint_auth_signing_alg);
    if (method === 'client_secret_jwt') checkClientSecretJwt(input.token_endpoint_auth_signing_alg, secret);

    for (const field of ['tos_uri', 'policy_uri', 'logo_uri', 'client_uri', 'jwks_uri', 'frontchannel_logout_uri', 'backchannel_logout_uri'] as const) {
      checkWebUri(field, input[field]);
    }
    checkAbsoluteUris('request_uris', input.request_uris);
    checkRequestObjectSigningAlg(input.request_object_signing_alg);
    const redirectUris = input.redirect_uris ?? [];
    const redirects = checkRedirectUris(redirectUris);
    checkPostLogoutRedirectUris(input.post_logout_redirect_uris, redirects);
    const corsOrigins = checkCorsOrigins(input.allowed_cors_origins ?? []);

    const userinfoAlg = input.userinfo_signed_response_alg || 'none';
    if (userinfoAlg !== 'none' && userinfoAlg !== 'RS256') {
      throw errors.invalidClientMetadata.withHint("Field userinfo_signed_response_alg must be either 'none' or 'RS256'.");
    }
    const strategy = canonicalStrategy(input.access_token_strategy);
    const subjectType = checkSubjectType(input.subject_type, this.options.subjectTypes, strategy ?? this.options.defaultAccessTokenStrategy);
    await checkDestinations(input, this.options.outbound);
    if (input.sector_identifier_uri) {
      await checkSectorIdentifier(input.sector_identifier_uri, redirectUris, sectorDocumentFetcher(this.options.outbound));
    }

    return dropUndefined({
      ...canonicalLifespans(input),
      client_id: server.client_id,
      client_name: input.client_name ?? '',
      redirect_uris: redirectUris,
      grant_types: grantTypes,
      response_types: responseTypes,
      scope: input.scope || this.options.defaultScope.join(' '),
      audience: input.audience ?? [],
      owner: input.owner ?? '',
      policy_uri: input.policy_uri ?? '',
      tos_uri: input.tos_uri ?? '',
      client_uri: input.client_uri ?? '',
      logo_uri: input.logo_uri ?? '',
      contacts: input.contacts ?? [],
      allowed_cors_origins: corsOrigins,
      subject_type: subjectType,
      sector_identifier_uri: input.sector_identifier_uri || undefined,
      jwks,
      jwks_uri: input.jwks_uri || undefined,
      token_endpoint_auth_method: method,
      token_endpoint_auth_signing_alg: input.token_endpoint_auth_signing_alg || undefined,
      request_uris: input.request_uris,
      request_object_signing_alg: input.request_object_signing_alg || undefined,
      userinfo_signed_response_alg: userinfoAlg,
      post_logout_redirect_uris: input.post_logout_redirect_uris,
      frontchannel_logout_uri: input.frontchannel_logout_uri || undefined,
      frontchannel_logout_session_required: input.frontchannel_logout_session_required,
      backchannel_logout_uri: input.backchannel_logout_uri || undefined,
      backchannel_logout_session_required: input.backchannel_logout_session_required,
      metadata: input.metadata ?? {},
      access_token_strategy: strategy,
      skip_consent: input.skip_consent ?? false,
      skip_logout_consent: input.skip_logout_consent,
      created_at: server.created_at,
      updated_at: server.updated_at,
    });
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
