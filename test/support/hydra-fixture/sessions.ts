/**
 * Hydra v26's login sessions, flows and logout requests for the import tests (issue 13): the
 * tables as Hydra's migrations leave them (internal/testhelpers/sql_schemas/*_dump.sql at
 * v26.2.0, foreign keys left out), rows as Hydra's persister writes them, and Hydra's login
 * session cookie built as gorilla/sessions builds it, with node:crypto only:
 * - three remembered login sessions (remember, expires_at ahead) and an expired one;
 * - a remembered consent of that session for the public client (a v26 row: state NULL, written
 *   once the consent verifier was used), remember_for 0 (forever);
 * - an in-flight login flow as Hydra versions that stored them left it (state 2, login unused);
 * - an in-flight logout request (not used, not expired) and a handled one.
 */
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../src/persistence/dsn.js';

export const SESSIONS = {
  subject: 'hydra-user',
  rememberedSid: 'a6a2f3a8-9d8e-4f43-a8c1-4f0c2a1b9e11',
  expiredSid: 'c3d4e5f6-0718-4a2b-9c3d-5e6f7a8b9c0d',
  expiredSubject: 'hydra-user-expired',
  /** A second remembered session, of another user, for the revocation by sid. */
  otherSid: 'b7c8d9e0-f1a2-4b3c-8d4e-5f60718293a4',
  otherSubject: 'hydra-user-2',
  /** A third remembered session, logged out at Tessera's end_session_endpoint. */
  logoutSid: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  logoutSubject: 'hydra-user-3',
  clientId: 'hydra-public-client',
  redirectUri: 'https://app.example.com/callback',
  consentChallenge: 'f1e2d3c4b5a697887766554433221100',
  consentRequestId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  grantedScope: ['openid', 'offline_access'],
  inFlightChallenge: '99887766554433221100ffeeddccbbaa',
  inFlightLogout: 'd0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6',
  handledLogout: 'e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7',
  idpSession: 'kratos-session-1',
};

const POSTGRES = [
  `CREATE TABLE hydra_oauth2_authentication_session (id character varying(40) NOT NULL PRIMARY KEY, authenticated_at timestamp without time zone,
  subject character varying(255) NOT NULL, remember boolean DEFAULT false NOT NULL, nid uuid NOT NULL,
  identity_provider_session_id character varying(40), expires_at timestamp without time zone)`,
  `CREATE TABLE hydra_oauth2_flow (login_challenge character varying(40) NOT NULL PRIMARY KEY, login_verifier character varying(40),
  login_csrf character varying(40), subject character varying(255), request_url text, login_skip boolean, client_id character varying(255),
  requested_at timestamp without time zone DEFAULT now() NOT NULL, login_initialized_at timestamp without time zone, oidc_context jsonb,
  login_session_id character varying(40), state integer, login_remember boolean, login_remember_for integer, login_error text, acr text,
  login_authenticated_at timestamp without time zone, login_was_used boolean, forced_subject_identifier character varying(255), context jsonb,
  consent_challenge_id character varying(40), consent_skip boolean, consent_verifier character varying(40), consent_csrf character varying(40),
  consent_remember boolean, consent_remember_for integer, consent_handled_at timestamp without time zone, consent_error text,
  session_access_token jsonb, session_id_token jsonb, consent_was_used boolean, nid uuid NOT NULL, requested_scope jsonb,
  requested_at_audience jsonb, amr jsonb, granted_scope jsonb, granted_at_audience jsonb, login_extend_session_lifespan boolean,
  identity_provider_session_id character varying(40), device_challenge_id character varying(255), device_code_request_id character varying(255),
  device_verifier character varying(40), device_csrf character varying(40), device_was_used boolean, device_handled_at timestamp without time zone,
  device_error character varying(2048),
  expires_at timestamp without time zone GENERATED ALWAYS AS (CASE WHEN (consent_remember_for > 0)
    THEN (requested_at + ((consent_remember_for)::double precision * '00:00:01'::interval)) ELSE NULL::timestamp without time zone END) STORED)`,
  `CREATE TABLE hydra_oauth2_logout_request (challenge character varying(36) NOT NULL PRIMARY KEY, verifier character varying(36) NOT NULL,
  subject character varying(255) NOT NULL, sid character varying(36) NOT NULL, client_id character varying(255), request_url text NOT NULL,
  redir_url text NOT NULL, was_used boolean DEFAULT false NOT NULL, accepted boolean DEFAULT false NOT NULL, rejected boolean DEFAULT false NOT NULL,
  rp_initiated boolean DEFAULT false NOT NULL, nid uuid NOT NULL, expires_at timestamp without time zone, requested_at timestamp without time zone)`,
];

const MYSQL = [
  `CREATE TABLE hydra_oauth2_authentication_session (id varchar(40) NOT NULL PRIMARY KEY, authenticated_at timestamp NULL DEFAULT NULL,
  subject varchar(255) NOT NULL, remember tinyint(1) NOT NULL DEFAULT '0', nid char(36) NOT NULL,
  identity_provider_session_id varchar(40) DEFAULT NULL, expires_at timestamp NULL DEFAULT NULL)`,
  `CREATE TABLE hydra_oauth2_flow (login_challenge varchar(40) NOT NULL PRIMARY KEY, login_verifier varchar(40) DEFAULT NULL,
  login_csrf varchar(40) DEFAULT NULL, subject varchar(255) DEFAULT NULL, request_url text, login_skip tinyint(1) DEFAULT NULL,
  client_id varchar(255) DEFAULT NULL, requested_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, login_initialized_at timestamp NULL DEFAULT NULL,
  oidc_context json DEFAULT NULL, login_session_id varchar(40) DEFAULT NULL, state smallint DEFAULT NULL, login_remember tinyint(1) DEFAULT NULL,
  login_remember_for int DEFAULT NULL, login_error text, acr text, login_authenticated_at timestamp NULL DEFAULT NULL,
  login_was_used tinyint(1) DEFAULT NULL, forced_subject_identifier varchar(255) DEFAULT NULL, context json DEFAULT NULL,
  consent_challenge_id varchar(40) DEFAULT NULL, consent_skip tinyint(1) DEFAULT NULL, consent_verifier varchar(40) DEFAULT NULL,
  consent_csrf varchar(40) DEFAULT NULL, consent_remember tinyint(1) DEFAULT NULL, consent_remember_for int DEFAULT NULL,
  consent_handled_at timestamp NULL DEFAULT NULL, consent_error text, session_access_token json DEFAULT NULL, session_id_token json DEFAULT NULL,
  consent_was_used tinyint(1) DEFAULT NULL, nid char(36) NOT NULL, requested_scope json DEFAULT NULL, requested_at_audience json DEFAULT NULL,
  amr json DEFAULT NULL, granted_scope json DEFAULT NULL, granted_at_audience json DEFAULT NULL, login_extend_session_lifespan tinyint(1) DEFAULT NULL,
  identity_provider_session_id varchar(40) DEFAULT NULL, device_challenge_id varchar(255) DEFAULT NULL, device_code_request_id varchar(255) DEFAULT NULL,
  device_verifier varchar(40) DEFAULT NULL, device_csrf varchar(40) DEFAULT NULL, device_was_used tinyint(1) DEFAULT NULL,
  device_handled_at timestamp NULL DEFAULT NULL, device_error varchar(2048) DEFAULT NULL,
  expires_at timestamp GENERATED ALWAYS AS (if((consent_remember_for > 0),(requested_at + interval consent_remember_for second),NULL)) VIRTUAL,
  UNIQUE KEY hydra_oauth2_flow_consent_challenge_idx (consent_challenge_id))`,
  `CREATE TABLE hydra_oauth2_logout_request (challenge varchar(36) NOT NULL PRIMARY KEY, verifier varchar(36) NOT NULL, subject varchar(255) NOT NULL,
  sid varchar(36) NOT NULL, client_id varchar(255) DEFAULT NULL, request_url text NOT NULL, redir_url text NOT NULL,
  was_used tinyint(1) NOT NULL DEFAULT '0', accepted tinyint(1) NOT NULL DEFAULT '0', rejected tinyint(1) NOT NULL DEFAULT '0',
  rp_initiated tinyint(1) NOT NULL DEFAULT '0', nid char(36) NOT NULL, expires_at timestamp NULL DEFAULT NULL, requested_at timestamp NULL DEFAULT NULL)`,
];

const SQLITE = [
  `CREATE TABLE "hydra_oauth2_authentication_session" (id VARCHAR(40) NOT NULL PRIMARY KEY, authenticated_at TIMESTAMP NULL,
  subject VARCHAR(255) NOT NULL, nid CHAR(36) NOT NULL, remember INTEGER NOT NULL DEFAULT false, identity_provider_session_id VARCHAR(40),
  expires_at TIMESTAMP NULL)`,
  `CREATE TABLE "hydra_oauth2_flow" (login_challenge VARCHAR(40) NOT NULL PRIMARY KEY, nid CHAR(36) NOT NULL, requested_scope TEXT NULL,
  login_verifier VARCHAR(40) NULL, login_csrf VARCHAR(40) NULL, subject VARCHAR(255) NULL, request_url TEXT NULL, login_skip INTEGER NULL,
  client_id VARCHAR(255) NULL, requested_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, oidc_context TEXT NULL, login_session_id VARCHAR(40) NULL,
  requested_at_audience TEXT NULL, login_initialized_at TIMESTAMP NULL, state INTEGER NULL, login_remember INTEGER NULL,
  login_remember_for INTEGER NULL, login_error TEXT NULL, acr TEXT NULL, login_authenticated_at TIMESTAMP NULL, login_was_used INTEGER NULL,
  forced_subject_identifier VARCHAR(255) NULL, context TEXT NULL, amr TEXT NULL, consent_challenge_id VARCHAR(40) NULL, consent_skip INTEGER NULL,
  consent_verifier VARCHAR(40) NULL, consent_csrf VARCHAR(40) NULL, granted_scope TEXT NULL, granted_at_audience TEXT NULL,
  consent_remember INTEGER NULL, consent_remember_for INTEGER NULL, consent_handled_at TIMESTAMP NULL, consent_was_used INTEGER NULL,
  consent_error TEXT NULL, session_id_token TEXT NULL, session_access_token TEXT NULL, login_extend_session_lifespan BOOLEAN NULL,
  identity_provider_session_id VARCHAR(40) NULL, device_challenge_id VARCHAR(255) NULL, device_code_request_id VARCHAR(255) NULL,
  device_verifier VARCHAR(40) NULL, device_csrf VARCHAR(40) NULL, device_was_used BOOLEAN NULL, device_handled_at TIMESTAMP NULL,
  device_error VARCHAR(2048) NULL,
  expires_at TIMESTAMP GENERATED ALWAYS AS (IF(consent_remember_for > 0, datetime(requested_at, '+' || consent_remember_for || ' seconds'), NULL)) VIRTUAL)`,
  `CREATE TABLE "hydra_oauth2_logout_request" (challenge VARCHAR(36) NOT NULL PRIMARY KEY, verifier VARCHAR(36) NOT NULL UNIQUE,
  subject VARCHAR(255) NOT NULL, sid VARCHAR(36) NOT NULL, client_id VARCHAR(255) NULL, request_url TEXT NOT NULL, redir_url TEXT NOT NULL,
  was_used INTEGER NOT NULL DEFAULT false, accepted INTEGER NOT NULL DEFAULT false, rejected INTEGER NOT NULL DEFAULT false,
  rp_initiated INTEGER NOT NULL DEFAULT false, nid CHAR(36) NOT NULL, expires_at TIMESTAMP NULL, requested_at TIMESTAMP NULL)`,
];

const SCHEMA: Record<Dialect, string[]> = { postgres: POSTGRES, mysql: MYSQL, sqlite: SQLITE };

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Creates the tables and writes the rows; called by buildHydraFixture. */
export async function addSessionFixture(db: Kysely<unknown>, dialect: Dialect, nid: string, now: number): Promise<void> {
  for (const statement of SCHEMA[dialect]) await sql.raw(statement).execute(db);
  const { subject } = SESSIONS;
  const loggedIn = Math.floor((now - HOUR) / 1000) * 1000;
  // ConfirmLoginSession: expires_at = now + ttl.authentication_session (30 days by default).
  await sql`INSERT INTO hydra_oauth2_authentication_session (id, nid, authenticated_at, subject, remember, identity_provider_session_id, expires_at)
    VALUES (${SESSIONS.rememberedSid}, ${nid}, ${utc(loggedIn)}, ${subject}, ${1}, ${SESSIONS.idpSession}, ${utc(loggedIn + 30 * DAY)})`.execute(
    db,
  );
  await sql`INSERT INTO hydra_oauth2_authentication_session (id, nid, authenticated_at, subject, remember, identity_provider_session_id, expires_at)
    VALUES (${SESSIONS.expiredSid}, ${nid}, ${utc(now - 31 * DAY)}, ${SESSIONS.expiredSubject}, ${1}, ${null}, ${utc(now - DAY)})`.execute(
    db,
  );
  await sql`INSERT INTO hydra_oauth2_authentication_session (id, nid, authenticated_at, subject, remember, identity_provider_session_id, expires_at)
    VALUES (${SESSIONS.otherSid}, ${nid}, ${utc(loggedIn)}, ${SESSIONS.otherSubject}, ${1}, ${null}, ${utc(loggedIn + 30 * DAY)})`.execute(
    db,
  );
  await sql`INSERT INTO hydra_oauth2_authentication_session (id, nid, authenticated_at, subject, remember, identity_provider_session_id, expires_at)
    VALUES (${SESSIONS.logoutSid}, ${nid}, ${utc(loggedIn)}, ${SESSIONS.logoutSubject}, ${1}, ${null}, ${utc(loggedIn + 30 * DAY)})`.execute(
    db,
  );

  const json = (value: unknown) => JSON.stringify(value);
  const requestUrl = `https://hydra.example.com/oauth2/auth?client_id=${SESSIONS.clientId}&redirect_uri=${encodeURIComponent(SESSIONS.redirectUri)}&response_type=code&scope=openid+offline_access&state=s-123456789`;
  // A v26 row (CreateConsentSession): the flow's columns, state left NULL.
  await sql`INSERT INTO hydra_oauth2_flow (login_challenge, nid, requested_scope, requested_at_audience, subject, request_url, login_skip, client_id,
      requested_at, oidc_context, login_session_id, acr, amr, login_authenticated_at, context, consent_challenge_id, consent_skip,
      consent_remember, consent_remember_for, consent_handled_at, granted_scope, granted_at_audience, session_access_token, session_id_token,
      login_remember, login_remember_for, identity_provider_session_id, forced_subject_identifier)
    VALUES (${SESSIONS.consentChallenge}, ${nid}, ${json(SESSIONS.grantedScope)}, ${json([])}, ${subject}, ${requestUrl}, ${0}, ${SESSIONS.clientId},
      ${utc(loggedIn)}, ${json({ acr_values: ['gold'], ui_locales: ['de'], login_hint: 'hydra-user@example.com' })}, ${SESSIONS.rememberedSid},
      ${'1'}, ${json(['pwd'])}, ${utc(loggedIn)}, ${json({ step: 'hydra' })}, ${SESSIONS.consentRequestId}, ${0},
      ${1}, ${0}, ${utc(loggedIn + 5000)}, ${json(SESSIONS.grantedScope)}, ${json([])}, ${json({ team: 'blue' })}, ${json({ email: 'hydra-user@example.com' })},
      ${1}, ${0}, ${SESSIONS.idpSession}, ${''})`.execute(db);
  // A login flow in flight, as Hydra before v2.3 stored it at /oauth2/auth (state 2: login unused).
  await sql`INSERT INTO hydra_oauth2_flow (login_challenge, nid, requested_scope, requested_at_audience, subject, request_url, login_skip, client_id,
      requested_at, login_csrf, state, login_session_id)
    VALUES (${SESSIONS.inFlightChallenge}, ${nid}, ${json(['openid'])}, ${json([])}, ${''}, ${requestUrl}, ${0}, ${SESSIONS.clientId},
      ${utc(now - 60_000)}, ${randomBytes(16).toString('hex')}, ${2}, ${null})`.execute(db);
  for (const [challenge, used] of [
    [SESSIONS.inFlightLogout, 0],
    [SESSIONS.handledLogout, 1],
  ] as const) {
    await sql`INSERT INTO hydra_oauth2_logout_request (challenge, verifier, subject, sid, client_id, request_url, redir_url, was_used, accepted,
        rejected, rp_initiated, nid, expires_at, requested_at)
      VALUES (${challenge}, ${randomBytes(16).toString('hex')}, ${subject}, ${SESSIONS.rememberedSid}, ${null}, ${'https://hydra.example.com/oauth2/sessions/logout'},
        ${''}, ${used}, ${used}, ${0}, ${0}, ${nid}, ${utc(now + HOUR)}, ${utc(now - 60_000)})`.execute(db);
  }
}

/**
 * encoding/gob of map[interface{}]interface{}{"sid": sid}, as gorilla/sessions serialises
 * session.Values: a type definition (wireType{MapT: {CommonType{Id}, Key: interface, Elem:
 * interface}}) under a user type id, then the map, each key and value an interface naming
 * "string" (type id 6) with its byte length. `typeId` is whatever the Go process allocated.
 */
export function gobSessionValues(values: Record<string, string>, typeId = 65): Buffer {
  const uint = (n: number): number[] => {
    if (n < 128) return [n];
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    return [256 - bytes.length, ...bytes];
  };
  const int = (n: number): number[] => uint(n < 0 ? (-n - 1) * 2 + 1 : n * 2);
  const str = (s: string): number[] => {
    const b = [...Buffer.from(s, 'utf8')];
    return [...uint(b.length), ...b];
  };
  const message = (body: number[]) => [...uint(body.length), ...body];
  const INTERFACE = 8;
  const STRING = 6;
  // wireType field MapT (delta 4); mapType: CommonType (delta 1) { Id (delta 2) }, Key (delta 1), Elem (delta 1).
  const definition = message([...int(-typeId), 4, 1, 2, ...int(typeId), 0, 1, ...int(INTERFACE), 1, ...int(INTERFACE), 0, 0]);
  const iface = (s: string) => {
    const value = [0, ...str(s)];
    return [...str('string'), ...int(STRING), ...uint(value.length), ...value];
  };
  const entries = Object.entries(values).flatMap(([k, v]) => [...iface(k), ...iface(v)]);
  const value = message([...int(typeId), 0, ...uint(Object.keys(values).length), ...entries]);
  return Buffer.from([...definition, ...value]);
}

/**
 * Hydra's login-session cookie value for `sid`: gorilla/securecookie Encode with Hydra's
 * CookieStore keys. With no secrets.cookie the hash key is SHA-256(secrets.system[0]); the block
 * key is SHA-256 of the hash key; AES-256-CTR with a random 16-byte IV; HMAC-SHA-256 over
 * "name|time|value"; base64 URL encoding with padding, twice.
 */
export function hydraSessionCookie(
  sid: string,
  options: { name: string; systemSecret?: string; cookieSecret?: string; at?: number },
): string {
  const hashKey = options.cookieSecret
    ? Buffer.from(options.cookieSecret, 'utf8')
    : createHash('sha256').update(options.systemSecret!, 'utf8').digest();
  const blockKey = createHash('sha256').update(hashKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-ctr', blockKey, iv);
  const sealed = Buffer.concat([iv, cipher.update(gobSessionValues({ sid })), cipher.final()]);
  const value = sealed.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const time = Math.floor((options.at ?? Date.now()) / 1000);
  const mac = createHmac('sha256', hashKey).update(`${options.name}|${time}|${value}`).digest();
  return Buffer.concat([Buffer.from(`${time}|${value}|`), mac])
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
