/**
 * Hydra's forced subject identifiers for the import tests: hydra_oauth2_obfuscated_authentication_session
 * as Hydra v26's schema has it (internal/testhelpers/sql_schemas/*_dump.sql; the foreign key to
 * the client left out, as in ./sessions.ts), and the row consent/strategy_default.go writes when
 * a login app accepts a login with `force_subject_identifier` (CreateForcedObfuscatedLoginSession):
 * subject, client_id, subject_obfuscated. Its client "hydra-pairwise" is a pairwise confidential
 * client (PBKDF2 secret), the user the one of the fixture's second remembered login session
 * (./sessions.ts SESSIONS.otherSubject), so a browser with Hydra's cookie skips the login.
 * The fixture also opens the ID token signing key Hydra sealed in hydra_jwk (aead/aesgcm.go, as
 * ./fixture.ts seals it), so that a test can sign an ID token as Hydra did, for id_token_hint.
 */
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../src/persistence/dsn.js';
import { insertHydraClient } from './hydra-client-row.js';
import { SESSIONS } from './sessions.js';

const COLUMNS = (nid: string) => `subject VARCHAR(255) NOT NULL, client_id VARCHAR(255) NOT NULL, subject_obfuscated VARCHAR(255) NOT NULL,
  nid ${nid} NOT NULL, PRIMARY KEY (subject, client_id, nid)`;
const SCHEMA: Record<Dialect, string> = {
  postgres: `CREATE TABLE hydra_oauth2_obfuscated_authentication_session (${COLUMNS('uuid')})`,
  mysql: `CREATE TABLE hydra_oauth2_obfuscated_authentication_session (${COLUMNS('char(36)')})`,
  sqlite: `CREATE TABLE hydra_oauth2_obfuscated_authentication_session (${COLUMNS('CHAR(36)')})`,
};
const UNIQUE =
  'CREATE UNIQUE INDEX hydra_oauth2_obfuscated_authentication_session_so_idx ON hydra_oauth2_obfuscated_authentication_session (client_id, subject_obfuscated, nid)';

export const PAIRWISE_CLIENT = 'hydra-pairwise';
export const PAIRWISE_REDIRECT = 'https://pairwise.example.com/cb';

export interface HydraForcedSubject {
  client: { id: string; secret: string; redirectUri: string };
  subject: string;
  sid: string;
  /** The `sub` the login app forced on the client at Hydra. */
  forced: string;
  /** Hydra's ID token signing key (hydra.openid.id-token), private, as go-jose wrote it. */
  idTokenKey: JWK;
}

/** aead/aesgcm.go Decrypt: base64 URL encoding (padded) of nonce || ciphertext || tag, key SHA-256(secret). */
function hydraOpen(sealed: string, systemSecret: string): string {
  const raw = Buffer.from(sealed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const key = createHash('sha256').update(systemSecret, 'utf8').digest();
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}

export async function writeHydraForcedSubject(
  db: Kysely<unknown>,
  dialect: Dialect,
  nid: string,
  systemSecret: string,
  now: number,
): Promise<HydraForcedSubject> {
  await sql.raw(SCHEMA[dialect]).execute(db);
  await sql.raw(UNIQUE).execute(db);
  const client = { id: PAIRWISE_CLIENT, secret: `pw-${randomBytes(8).toString('hex')}`, redirectUri: PAIRWISE_REDIRECT };
  await insertHydraClient(db, nid, {
    id: client.id,
    pk: 400,
    name: 'Pairwise app',
    secret: client.secret,
    redirectUris: [client.redirectUri],
    grantTypes: ['authorization_code'],
    scope: 'openid',
    subjectType: 'pairwise',
    createdAt: now - 86_400_000,
  });
  const forced = `forced-${randomBytes(6).toString('hex')}`;
  await sql`INSERT INTO hydra_oauth2_obfuscated_authentication_session (subject, client_id, subject_obfuscated, nid)
    VALUES (${SESSIONS.otherSubject}, ${client.id}, ${forced}, ${nid})`.execute(db);
  const { rows } = await sql<{ keydata: string }>`SELECT keydata FROM hydra_jwk WHERE sid = 'hydra.openid.id-token'`.execute(db);
  const idTokenKey = JSON.parse(hydraOpen(rows[0]!.keydata, systemSecret)) as JWK;
  return { client, subject: SESSIONS.otherSubject, sid: SESSIONS.otherSid, forced, idTokenKey };
}
