/**
 * Hydra v26.2.0's token tables (hydra_oauth2_access, _refresh, _code, _oidc, _pkce; the last
 * three share their columns) on each dialect, columns, types, nullability and keys as in its
 * schema dumps (internal/testhelpers/sql_schemas/*_dump.sql at v26.2.0). Left out: the foreign keys to
 * hydra_oauth2_flow (challenge_id: that table is not in this fixture, and the token rows here
 * have no challenge).
 */
import type { Dialect } from '../../../src/persistence/dsn.js';

type Table = 'hydra_oauth2_access' | 'hydra_oauth2_refresh' | 'hydra_oauth2_code' | 'hydra_oauth2_oidc' | 'hydra_oauth2_pkce';
const TABLES: Table[] = ['hydra_oauth2_access', 'hydra_oauth2_refresh', 'hydra_oauth2_code', 'hydra_oauth2_oidc', 'hydra_oauth2_pkce'];
const CLIENT_FK = ', FOREIGN KEY (client_id, nid) REFERENCES hydra_client (id, nid) ON DELETE CASCADE';
const REFRESH_ONLY = {
  postgres: ', first_used_at timestamp without time zone, access_token_signature character varying(255) DEFAULT NULL, used_times integer',
  mysql: ', first_used_at timestamp NULL DEFAULT NULL, access_token_signature varchar(255) DEFAULT NULL, used_times int DEFAULT NULL',
  sqlite: ', first_used_at TIMESTAMP DEFAULT NULL, access_token_signature VARCHAR(255) DEFAULT NULL, used_times INT NULL',
};

function postgres(table: Table): string {
  return `CREATE TABLE ${table} (signature character varying(255) NOT NULL PRIMARY KEY, request_id character varying(40) NOT NULL,
  requested_at timestamp without time zone DEFAULT now() NOT NULL, client_id character varying(255) NOT NULL, scope text NOT NULL,
  granted_scope text NOT NULL, form_data text NOT NULL, session_data text NOT NULL,
  subject character varying(255) DEFAULT ''::character varying NOT NULL, active boolean DEFAULT true NOT NULL,
  requested_audience text DEFAULT ''::text, granted_audience text DEFAULT ''::text, challenge_id character varying(40), nid uuid NOT NULL,
  expires_at timestamp without time zone${table === 'hydra_oauth2_refresh' ? REFRESH_ONLY.postgres : ''}${CLIENT_FK})`;
}

function mysql(table: Table): string {
  return `CREATE TABLE ${table} (signature varchar(255) NOT NULL, request_id varchar(40) NOT NULL DEFAULT '',
  requested_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, client_id varchar(255) NOT NULL DEFAULT '', scope text NOT NULL,
  granted_scope text NOT NULL, form_data text NOT NULL, session_data text NOT NULL, subject varchar(255) NOT NULL DEFAULT '',
  active tinyint(1) NOT NULL DEFAULT '1', requested_audience text NOT NULL, granted_audience text NOT NULL,
  challenge_id varchar(40) DEFAULT NULL, nid char(36) NOT NULL, expires_at timestamp NULL DEFAULT NULL${
    table === 'hydra_oauth2_refresh' ? REFRESH_ONLY.mysql : ''
  }, PRIMARY KEY (signature), KEY ${table}_request_id_idx (request_id, nid)${CLIENT_FK})`;
}

function sqlite(table: Table): string {
  return `CREATE TABLE "${table}" (signature VARCHAR(255) NOT NULL PRIMARY KEY, request_id VARCHAR(40) NOT NULL,
  requested_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, client_id VARCHAR(255) NOT NULL, scope TEXT NOT NULL,
  granted_scope TEXT NOT NULL, form_data TEXT NOT NULL, session_data TEXT NOT NULL, subject VARCHAR(255) NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT true, requested_audience TEXT NULL DEFAULT '', granted_audience TEXT NULL DEFAULT '',
  challenge_id VARCHAR(40) NULL, nid CHAR(36) NOT NULL, expires_at TIMESTAMP NULL${table === 'hydra_oauth2_refresh' ? REFRESH_ONLY.sqlite : ''}${CLIENT_FK})`;
}

export const HYDRA_V26_TOKEN_TABLES: readonly string[] = TABLES;
export const HYDRA_V26_TOKEN_SCHEMA: Record<Dialect, string[]> = {
  postgres: TABLES.map(postgres),
  mysql: TABLES.map(mysql),
  sqlite: TABLES.map(sqlite),
};
