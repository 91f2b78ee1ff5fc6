/**
 * The client flags of v1's `clients create` and `clients update` (Hydra v1.11 cmd/clients_*.go),
 * including the short forms of the guides: `-c` callbacks, `-g`, `-r`, `-a` scope, `-n` name.
 */
import { flag, type ClientFlag } from '../flags/client-flags.js';

const SHARED: readonly ClientFlag[] = [
  flag('--secret <secret>', 'client_secret', 'string', "Provide the client's secret"),
  flag('-n, --name <name>', 'client_name', 'string', "The client's name"),
  flag('-c, --callbacks <uris>', 'redirect_uris', 'list', 'REQUIRED list of allowed callback URLs'),
  flag('-g, --grant-types <types>', 'grant_types', 'list', 'A list of allowed grant types', ['authorization_code']),
  flag('-r, --response-types <types>', 'response_types', 'list', 'A list of allowed response types', ['code']),
  flag('-a, --scope <scopes>', 'scope', 'scope', 'The scope the client is allowed to request'),
  flag('--audience <audiences>', 'audience', 'list', 'The audience this client is allowed to request'),
  flag('--token-endpoint-auth-method <method>', 'token_endpoint_auth_method', 'string', 'client_secret_post, client_secret_basic, private_key_jwt, client_secret_jwt or none', 'client_secret_basic'),
  flag('--token-endpoint-auth-signing-alg <alg>', 'token_endpoint_auth_signing_alg', 'string', 'Algorithm for signing the JWT used to authenticate the client at the token endpoint'),
  flag('--jwks-uri <url>', 'jwks_uri', 'string', 'Where the JSON Web Key Set is fetched from for private_key_jwt'),
  flag('--policy-uri <url>', 'policy_uri', 'string', "URL of the client's privacy policy"),
  flag('--tos-uri <url>', 'tos_uri', 'string', "URL of the client's terms of service"),
  flag('--client-uri <url>', 'client_uri', 'string', "URL of the client's home page"),
  flag('--logo-uri <url>', 'logo_uri', 'string', "URL of the client's logo"),
  flag('--allowed-cors-origins <origins>', 'allowed_cors_origins', 'list', 'The list of URLs allowed to make CORS requests'),
  flag('--subject-type <type>', 'subject_type', 'string', 'A subject identifier algorithm: public or pairwise', 'public'),
  flag('--post-logout-callbacks <uris>', 'post_logout_redirect_uris', 'list', 'List of allowed URLs to be redirected to after a logout'),
  flag('--backchannel-logout-callback <url>', 'backchannel_logout_uri', 'string', 'Client URL that logs the client out when sent a Logout Token'),
  flag('--backchannel-logout-session-required', 'backchannel_logout_session_required', 'bool', 'Require a sid claim in the back-channel Logout Token'),
  flag('--frontchannel-logout-callback <url>', 'frontchannel_logout_uri', 'string', 'Client URL that logs the client out when rendered in an iframe'),
  flag('--frontchannel-logout-session-required', 'frontchannel_logout_session_required', 'bool', 'Require iss and sid parameters in the front-channel logout URL'),
];

export const V1_CREATE_FLAGS: readonly ClientFlag[] = [flag('--id <id>', 'client_id', 'string', 'Give the client this id'), ...SHARED];

export const V1_UPDATE_FLAGS: readonly ClientFlag[] = SHARED;
