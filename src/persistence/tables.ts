/**
 * The row types of every table, for Kysely. Times are milliseconds since the epoch in BIGINT
 * columns, the one representation that SQLite, PostgreSQL and MySQL store and return alike.
 */
import type { PreparedStatements } from './prepared-statements.js';
import type { Kysely } from 'kysely';
import type { Dialect } from './dsn.js';

export interface ClientRow {
  id: string;
  client_name: string;
  owner: string;
  /** The client secret's slow hash (PBKDF2 or bcrypt, crypto/secret-hasher.ts); null without a secret. */
  secret_hash: string | null;
  /** Every other client field as JSON (src/client/client-row.ts). */
  data: string;
  created_at: number;
  updated_at: number;
  /** A JSON array of the hashes of secrets replaced by a rotation, newest first; null when none (migration 20261208000300). */
  rotated_secrets?: string | null;
  /** SHA-384 hex of the RFC 7592 registration access token's signature; null when the client has none. */
  registration_access_token_signature?: string | null;
}

export interface JwkRow {
  sid: string;
  kid: string;
  /** The JWK as JSON, sealed with AES-256-GCM under secrets.system (see crypto/aead.ts). */
  keydata: string;
  /** 1 when the key can sign tokens (asymmetric, private, not `use: enc`): readable without the secret. */
  signing: number;
  created_at: number;
}

/** One row per named lock; a transaction that updates the row holds the lock until it ends. */
export interface JwkLockRow {
  name: string;
  /** How often the lock was taken: every holder increments it, so its UPDATE always changes the row. */
  acquisitions: number;
}

/** A process generating the first signing key of set `sid` (jwk/generation-claim.ts). */
export interface JwkGenerationClaimRow {
  sid: string;
  /** Random per attempt: only the claimant renews or releases its claim. */
  claimant: string;
  /** Epoch ms of the claim or its latest renewal; older than the stale limit, it can be taken over. */
  claimed_at: number;
}

/** A used assertion `jti` (oauth2/assertion/used-jtis.ts), by the SHA-256 hex of the `jti`. */
export interface JtiBlacklistRow {
  signature: string;
  /** Epoch ms: the assertion's `exp`; a replay after it fails on `exp` anyway. */
  expires_at: number;
}

export interface SchemaMigrationRow {
  version: string;
  applied_at: number;
}

/** The columns every token row shares with its grant (persistence/sql/grant-columns.ts). */
export interface GrantColumns {
  request_id: string;
  client_id: string;
  subject: string;
  /** Space-separated scope. */
  granted_scope: string;
  /** A JSON array of audiences. */
  granted_audience: string;
  requested_at: number;
}

/** An access token (migration 20261123000010), keyed by a hash of its signature. */
export interface AccessTokenRow extends GrantColumns {
  signature: string;
  expires_at: number;
  /** 1 active, 0 revoked or rotated away. */
  active: number;
  session_data: string;
}

/** A refresh token (migration 20261123000030); its session sealed, bound to the signature. */
export interface RefreshRow extends GrantColumns {
  signature: string;
  /** null: never expires (lifespan -1). */
  expires_at: number | null;
  /** 1 active, 0 rotated (a grace period may still accept it), -1 revoked for good. */
  active: number;
  first_used_at: number | null;
  used_times: number;
  access_token_signature: string | null;
  session_data: string;
}

/** An authorization code (migration 20261123000020), keyed by a hash of its signature. */
export interface CodeRow {
  signature: string;
  request_id: string;
  client_id: string;
  requested_at: number;
  expires_at: number;
  /** 1 unused, 0 redeemed, -1 replayed. */
  active: number;
  session_data: string;
}

/** A login/consent flow (migration 20261123000020); step secrets are stored as hashes only. */
export interface FlowRow {
  id: string;
  login_challenge: string;
  login_verifier: string | null;
  consent_challenge: string | null;
  consent_verifier: string | null;
  state: string;
  client_id: string;
  subject: string | null;
  consent_remember: number;
  requested_at: number;
  expires_at: number;
  /** FlowData as JSON, sealed with AES-256-GCM, bound to `flow:<id>`. */
  data: string;
}

/** hydra_oauth2_consent_session (migration 20261123000060): what consent sessions are found by. */
export interface ConsentSessionRow {
  flow_id: string;
  consent_request_id: string;
  login_session_id: string;
  consent_skip: number;
  /** Epoch ms when remember_for lapses; null: never. */
  consent_expires_at: number | null;
}

/** An RP-initiated logout request (migration 20261123000040). */
export interface LogoutRow {
  id: string;
  challenge: string;
  verifier: string | null;
  state: string;
  requested_at: number;
  expires_at: number;
  data: string;
}

/** A revoked login session (migration 20261123000040): by sid, or by subject and time. */
export interface LoginRevocationRow {
  id: string;
  subject: string | null;
  sid: string | null;
  revoked_at: number;
}

/** A client's membership of a login session, for channel logout (migration 20261123000050). */
export interface SessionClientRow {
  sid: string;
  client_id: string;
  subject: string;
  created_at: number;
}

/** The identity provider's session of a remembered login (migration 20261208000700). */
export interface LoginSessionIdpRow {
  sid: string;
  subject: string;
  identity_provider_session_id: string;
  expires_at: number;
}

/** A login session carried over from Hydra (migration 20261208000910, flow/imported-login-sessions.ts). */
/** A forced subject identifier (session/forced-subjects.ts; migration 20261208001000). */
export interface ForcedSubjectRow {
  subject: string;
  client_id: string;
  subject_obfuscated: string;
}

export interface ImportedLoginSessionRow {
  sid: string;
  subject: string;
  remember: number;
  authenticated_at: number;
  /** Epoch ms; 0 where Hydra kept no expiry (never honoured). */
  expires_at: number;
}

/**
 * The secret of a client_secret_jwt client, sealed under secrets.system (migration 20261208000200):
 * one row per such client, none for any other; it goes with its client.
 */
export interface ClientSealedSecretRow {
  client_id: string;
  sealed_secret: string;
}

/** A trust relationship of the JWT-bearer grant (migration 20261208000400, src/oauth2/trust/). */
export interface TrustedJwtBearerIssuerRow {
  id: string;
  issuer: string;
  /** '' when allow_any_subject is 1. */
  subject: string;
  allow_any_subject: number;
  /** The scopes as a JSON list. */
  scope: string;
  /** The issuer, as Hydra reports `public_key.set`. */
  key_set: string;
  key_id: string;
  /** The public JWK as JSON. */
  key_data: string;
  created_at: number;
  expires_at: number;
}

/** RFC 8628: one device authorization (migration 20261208000500, oauth2/device/device-code-store.ts). */
export interface DeviceCodeRow {
  device_code_signature: string;
  user_code_signature: string;
  request_id: string;
  client_id: string;
  /** pending | claimed | approved | denied | used */
  state: string;
  challenge_id: string | null;
  /** JSON lists. */
  requested_scope: string;
  requested_audience: string;
  /** The consented grant, sealed under secrets.system; null until approved. */
  session_data: string | null;
  requested_at: number;
  expires_at: number;
  last_polled_at: number;
}

/** A device challenge of /oauth2/device/verify (oauth2/device/device-challenge-store.ts). */
export interface DeviceChallengeRow {
  id: string;
  verifier: string | null;
  csrf: string;
  /** initialized | accepted | used | blocked */
  state: string;
  attempts: number;
  device_code_signature: string | null;
  requested_at: number;
  expires_at: number;
}

export interface Tables {
  hydra_client: ClientRow;
  hydra_jwk: JwkRow;
  hydra_jwk_lock: JwkLockRow;
  hydra_jwk_generation_claim: JwkGenerationClaimRow;
  schema_migration: SchemaMigrationRow;
  hydra_oauth2_access: AccessTokenRow;
  hydra_oauth2_refresh: RefreshRow;
  hydra_oauth2_code: CodeRow;
  hydra_oauth2_flow: FlowRow;
  hydra_oauth2_consent_session: ConsentSessionRow;
  hydra_oauth2_logout_request: LogoutRow;
  hydra_oauth2_login_revocation: LoginRevocationRow;
  hydra_oauth2_session_client: SessionClientRow;
  hydra_oauth2_jti_blacklist: JtiBlacklistRow;
  hydra_client_sealed_secret: ClientSealedSecretRow;
  hydra_oauth2_trusted_jwt_bearer_issuer: TrustedJwtBearerIssuerRow;
  hydra_oauth2_device_auth_codes: DeviceCodeRow;
  hydra_oauth2_device_challenge: DeviceChallengeRow;
  hydra_oauth2_login_session_idp: LoginSessionIdpRow;
  hydra_oauth2_imported_login_session: ImportedLoginSessionRow;
  hydra_oauth2_obfuscated_authentication_session: ForcedSubjectRow;
}

/**
 * What a store runs its statements on: the database, or one transaction of a unit of work
 * (unit-of-work.ts). A Kysely Transaction is a Kysely, so `{ db: trx }` scopes a store to it.
 */
export interface Executor {
  readonly db: Kysely<Tables>;
  /** The hot path's named statements (prepared-statements.ts); absent in a transaction and off PostgreSQL. */
  readonly prepared?: PreparedStatements;
  /** Known on the database itself (database.ts), absent on a transaction's scope: a store may take a dialect's shorter path. */
  readonly dialect?: Dialect;
}
