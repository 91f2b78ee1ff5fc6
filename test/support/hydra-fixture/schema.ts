/**
 * Hydra v26.2.0's schema for the tables the import reads (networks, schema_migration,
 * hydra_client, hydra_jwk, hydra_oauth2_trusted_jwt_bearer_issuer), on each dialect, as Hydra's
 * migrations leave it: column names, types, nullability and keys taken from Hydra's
 * persistence/sql/migrations and its schema dumps (internal/testhelpers/sql_schemas/*_dump.sql
 * at v26.2.0). Hydra's other tables are left out: nothing this step reads lives there.
 */
import type { Dialect } from '../../../src/persistence/dsn.js';

/** The newest migration of Hydra v26.2.0 (persistence/sql/migrations at tag v26.2.0). */
export const HYDRA_V26_NEWEST = '20251202130532000001';
/** A few of the versions before it, as popx leaves one row per applied migration. */
export const HYDRA_V26_VERSIONS = [
  '20150101000001000000',
  '20190100000001000000',
  '20211004110001000000',
  '20251119112639000002',
  '20251202130532000000',
  HYDRA_V26_NEWEST,
];

/** Hydra's per-grant lifespan columns (client/client.go), nanoseconds in BIGINT, NULL when unset. */
export const HYDRA_LIFESPAN_COLUMNS = [
  'authorization_code_grant_access_token_lifespan',
  'authorization_code_grant_id_token_lifespan',
  'authorization_code_grant_refresh_token_lifespan',
  'client_credentials_grant_access_token_lifespan',
  'implicit_grant_access_token_lifespan',
  'implicit_grant_id_token_lifespan',
  'jwt_bearer_grant_access_token_lifespan',
  'password_grant_access_token_lifespan',
  'password_grant_refresh_token_lifespan',
  'refresh_token_grant_id_token_lifespan',
  'refresh_token_grant_access_token_lifespan',
  'refresh_token_grant_refresh_token_lifespan',
  'device_authorization_grant_id_token_lifespan',
  'device_authorization_grant_access_token_lifespan',
  'device_authorization_grant_refresh_token_lifespan',
];

const lifespans = (type: string) => HYDRA_LIFESPAN_COLUMNS.map((c) => `${c} ${type} NULL`).join(',\n  ');

const POSTGRES = [
  `CREATE TABLE networks (id uuid NOT NULL PRIMARY KEY, created_at timestamp without time zone NOT NULL, updated_at timestamp without time zone NOT NULL)`,
  `CREATE TABLE schema_migration (version character varying(48) NOT NULL, version_self integer DEFAULT 0 NOT NULL)`,
  `CREATE UNIQUE INDEX schema_migration_version_idx ON schema_migration (version)`,
  `CREATE TABLE hydra_client (
  id character varying(255) NOT NULL, client_name text NOT NULL, client_secret text NOT NULL, scope text NOT NULL, owner text NOT NULL,
  policy_uri text NOT NULL, tos_uri text NOT NULL, client_uri text NOT NULL, logo_uri text NOT NULL,
  client_secret_expires_at integer DEFAULT 0 NOT NULL, sector_identifier_uri text NOT NULL, jwks text NOT NULL, jwks_uri text NOT NULL,
  token_endpoint_auth_method character varying(25) DEFAULT '' NOT NULL, request_object_signing_alg character varying(10) DEFAULT '' NOT NULL,
  userinfo_signed_response_alg character varying(10) DEFAULT '' NOT NULL, subject_type character varying(15) DEFAULT '' NOT NULL,
  pk_deprecated integer NOT NULL, created_at timestamp without time zone DEFAULT now() NOT NULL, updated_at timestamp without time zone DEFAULT now() NOT NULL,
  frontchannel_logout_uri text DEFAULT '' NOT NULL, frontchannel_logout_session_required boolean DEFAULT false NOT NULL,
  backchannel_logout_uri text DEFAULT '' NOT NULL, backchannel_logout_session_required boolean DEFAULT false NOT NULL,
  metadata text NOT NULL, token_endpoint_auth_signing_alg character varying(10) DEFAULT '' NOT NULL,
  ${lifespans('bigint')},
  pk uuid, registration_access_token_signature character varying(128) DEFAULT '' NOT NULL, nid uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
  redirect_uris jsonb NOT NULL, grant_types jsonb NOT NULL, response_types jsonb NOT NULL, audience jsonb NOT NULL,
  allowed_cors_origins jsonb NOT NULL, contacts jsonb NOT NULL, request_uris jsonb NOT NULL, post_logout_redirect_uris jsonb DEFAULT '[]' NOT NULL,
  access_token_strategy character varying(10) DEFAULT '' NOT NULL, skip_consent boolean DEFAULT false NOT NULL, skip_logout_consent boolean,
  PRIMARY KEY (id, nid))`,
  `CREATE TABLE hydra_jwk (sid character varying(255) NOT NULL, kid character varying(255) NOT NULL, version integer DEFAULT 0 NOT NULL,
  keydata text NOT NULL, created_at timestamp without time zone DEFAULT now() NOT NULL, pk_deprecated integer NOT NULL, pk uuid NOT NULL PRIMARY KEY,
  nid uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE)`,
  `CREATE UNIQUE INDEX hydra_jwk_sid_kid_nid_key ON hydra_jwk (sid, kid, nid)`,
  `CREATE TABLE hydra_oauth2_trusted_jwt_bearer_issuer (id uuid NOT NULL PRIMARY KEY, issuer character varying(255) NOT NULL,
  subject character varying(255) NOT NULL, scope text NOT NULL, key_set character varying(255) NOT NULL, key_id character varying(255) NOT NULL,
  created_at timestamp without time zone DEFAULT now() NOT NULL, expires_at timestamp without time zone DEFAULT now() NOT NULL,
  nid uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE, allow_any_subject boolean DEFAULT false NOT NULL,
  UNIQUE (issuer, subject, key_id, nid), FOREIGN KEY (key_set, key_id, nid) REFERENCES hydra_jwk (sid, kid, nid) ON DELETE CASCADE)`,
];

const MYSQL = [
  'CREATE TABLE networks (id char(36) NOT NULL PRIMARY KEY, created_at datetime NOT NULL, updated_at datetime NOT NULL)',
  "CREATE TABLE schema_migration (version varchar(48) NOT NULL, version_self int NOT NULL DEFAULT '0', UNIQUE KEY schema_migration_version_idx (version))",
  `CREATE TABLE hydra_client (
  id varchar(255) NOT NULL, client_name text NOT NULL, client_secret text NOT NULL, scope text NOT NULL, owner text NOT NULL,
  policy_uri text NOT NULL, tos_uri text NOT NULL, client_uri text NOT NULL, logo_uri text NOT NULL,
  client_secret_expires_at int NOT NULL DEFAULT '0', sector_identifier_uri text NOT NULL, jwks text NOT NULL, jwks_uri text NOT NULL,
  token_endpoint_auth_method varchar(25) NOT NULL DEFAULT '', request_object_signing_alg varchar(10) NOT NULL DEFAULT '',
  userinfo_signed_response_alg varchar(10) NOT NULL DEFAULT '', subject_type varchar(15) NOT NULL DEFAULT '',
  pk_deprecated int unsigned DEFAULT NULL, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  frontchannel_logout_uri text NOT NULL, frontchannel_logout_session_required tinyint(1) NOT NULL DEFAULT '0',
  backchannel_logout_uri text NOT NULL, backchannel_logout_session_required tinyint(1) NOT NULL DEFAULT '0',
  metadata text NOT NULL, token_endpoint_auth_signing_alg varchar(10) NOT NULL DEFAULT '',
  ${lifespans('bigint')},
  pk char(36) DEFAULT NULL, registration_access_token_signature varchar(128) NOT NULL DEFAULT '', nid char(36) NOT NULL,
  redirect_uris json NOT NULL, grant_types json NOT NULL, response_types json NOT NULL, audience json NOT NULL,
  allowed_cors_origins json NOT NULL, contacts json NOT NULL, request_uris json NOT NULL, post_logout_redirect_uris json NOT NULL,
  access_token_strategy varchar(10) NOT NULL DEFAULT '', skip_consent tinyint(1) NOT NULL DEFAULT '0', skip_logout_consent tinyint(1) DEFAULT NULL,
  PRIMARY KEY (id, nid), CONSTRAINT hydra_client_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks (id) ON DELETE CASCADE)`,
  `CREATE TABLE hydra_jwk (sid varchar(255) NOT NULL, kid varchar(255) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  version int NOT NULL DEFAULT '0', keydata text NOT NULL, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  pk_deprecated int unsigned NOT NULL AUTO_INCREMENT, pk char(36) NOT NULL, nid char(36) NOT NULL, PRIMARY KEY (pk),
  UNIQUE KEY hydra_jwk_sid_kid_nid_key (sid, kid, nid), KEY pk_deprecated (pk_deprecated),
  CONSTRAINT hydra_jwk_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks (id) ON DELETE CASCADE)`,
  `CREATE TABLE hydra_oauth2_trusted_jwt_bearer_issuer (id varchar(36) NOT NULL PRIMARY KEY, issuer varchar(255) NOT NULL,
  subject varchar(255) NOT NULL, scope text NOT NULL, key_set varchar(255) NOT NULL,
  key_id varchar(255) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, expires_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  nid char(36) NOT NULL, allow_any_subject tinyint(1) NOT NULL DEFAULT '0',
  UNIQUE KEY hydra_oauth2_trusted_jwt_bearer_issuer_nid_uq_idx (nid, key_id, issuer, subject),
  CONSTRAINT hydra_oauth2_trusted_jwt_bearer_issuer_ibfk_1 FOREIGN KEY (key_set, key_id, nid) REFERENCES hydra_jwk (sid, kid, nid) ON DELETE CASCADE,
  CONSTRAINT hydra_oauth2_trusted_jwt_bearer_issuer_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks (id) ON DELETE CASCADE)`,
];

const SQLITE = [
  'CREATE TABLE "networks" ("id" TEXT PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL)',
  'CREATE TABLE schema_migration (version VARCHAR (48) NOT NULL, version_self INT NOT NULL DEFAULT 0)',
  'CREATE UNIQUE INDEX schema_migration_version_idx ON schema_migration (version)',
  `CREATE TABLE "hydra_client" (
  id VARCHAR(255) NOT NULL, client_name TEXT NOT NULL, client_secret TEXT NOT NULL, redirect_uris TEXT NOT NULL, grant_types TEXT NOT NULL,
  response_types TEXT NOT NULL, scope TEXT NOT NULL, owner TEXT NOT NULL, policy_uri TEXT NOT NULL, tos_uri TEXT NOT NULL,
  client_uri TEXT NOT NULL, logo_uri TEXT NOT NULL, contacts TEXT NOT NULL, client_secret_expires_at INTEGER NOT NULL DEFAULT 0,
  sector_identifier_uri TEXT NOT NULL, jwks TEXT NOT NULL, jwks_uri TEXT NOT NULL, request_uris TEXT NOT NULL,
  token_endpoint_auth_method VARCHAR(25) NOT NULL DEFAULT '', request_object_signing_alg VARCHAR(10) NOT NULL DEFAULT '',
  userinfo_signed_response_alg VARCHAR(10) NOT NULL DEFAULT '', subject_type VARCHAR(15) NOT NULL DEFAULT '',
  allowed_cors_origins TEXT NOT NULL, pk TEXT NULL, pk_deprecated INTEGER NULL DEFAULT NULL, audience TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  frontchannel_logout_uri TEXT NOT NULL DEFAULT '', frontchannel_logout_session_required INTEGER NOT NULL DEFAULT false,
  post_logout_redirect_uris TEXT NOT NULL DEFAULT '', backchannel_logout_uri TEXT NOT NULL DEFAULT '',
  backchannel_logout_session_required INTEGER NOT NULL DEFAULT false, metadata TEXT NOT NULL DEFAULT '{}',
  token_endpoint_auth_signing_alg VARCHAR(10) NOT NULL DEFAULT '', registration_access_token_signature VARCHAR(128) NOT NULL DEFAULT '',
  access_token_strategy VARCHAR(10) NOT NULL DEFAULT '',
  ${lifespans('BIGINT')},
  skip_consent BOOLEAN NOT NULL DEFAULT false, nid CHAR(36) NOT NULL, skip_logout_consent BOOLEAN NULL,
  PRIMARY KEY (id, nid))`,
  `CREATE TABLE "hydra_jwk" (sid VARCHAR(255) NOT NULL, kid VARCHAR(255) NOT NULL, nid CHAR(36) NOT NULL, version INTEGER DEFAULT 0 NOT NULL,
  keydata TEXT NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, pk TEXT PRIMARY KEY, pk_deprecated INTEGER NULL DEFAULT NULL,
  CHECK (nid != '00000000-0000-0000-0000-000000000000'))`,
  'CREATE UNIQUE INDEX hydra_jwk_sid_kid_nid_key ON hydra_jwk (sid, kid, nid)',
  `CREATE TABLE "hydra_oauth2_trusted_jwt_bearer_issuer" (id VARCHAR(36) PRIMARY KEY, issuer VARCHAR(255) NOT NULL, subject VARCHAR(255) NOT NULL,
  scope TEXT NOT NULL, key_set varchar(255) NOT NULL, key_id varchar(255) NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  expires_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, nid CHAR(36) NOT NULL, allow_any_subject INTEGER NOT NULL DEFAULT FALSE,
  UNIQUE (issuer, subject, key_id, nid), FOREIGN KEY (key_set, key_id, nid) REFERENCES hydra_jwk (sid, kid, nid) ON DELETE CASCADE)`,
];

export const HYDRA_V26_SCHEMA: Record<Dialect, string[]> = { postgres: POSTGRES, mysql: MYSQL, sqlite: SQLITE };
