/**
 * Where `import hydra` writes: rows of Tessera's own tables, each inserted only when absent, so
 * that running the import again (after it completed, or after it was killed half way) adds what
 * is missing and changes nothing else. A row that is present is left as it is: the import never
 * overwrites what Tessera already holds (a client edited after a first import keeps its edits).
 */
import type { Kysely } from 'kysely';
import type {
  AccessTokenRow,
  ClientRow,
  CodeRow,
  DeviceCodeRow,
  ForcedSubjectRow,
  ConsentSessionRow,
  Executor,
  FlowRow,
  ImportedLoginSessionRow,
  JwkRow,
  LoginSessionIdpRow,
  RefreshRow,
  SessionClientRow,
  Tables,
  TrustedJwtBearerIssuerRow,
} from '../tables.js';
import { isForeignKeyViolation } from '../foreign-key-violation.js';
import { isUniqueViolation } from '../unique-violation.js';

export class ImportTarget {
  constructor(private readonly database: Executor) {}

  private get db(): Kysely<Tables> {
    return this.database.db;
  }

  async hasClient(id: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('hydra_client').select('id').where('id', '=', id).executeTakeFirst());
  }

  async hasKey(set: string, kid: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('hydra_jwk').select('kid').where('sid', '=', set).where('kid', '=', kid).executeTakeFirst());
  }

  async hasTrust(id: string): Promise<boolean> {
    const table = 'hydra_oauth2_trusted_jwt_bearer_issuer';
    return Boolean(await this.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
  }

  async hasAccessToken(key: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('hydra_oauth2_access').select('signature').where('signature', '=', key).executeTakeFirst());
  }

  async hasRefreshToken(key: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('hydra_oauth2_refresh').select('signature').where('signature', '=', key).executeTakeFirst());
  }

  async hasCode(key: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('hydra_oauth2_code').select('signature').where('signature', '=', key).executeTakeFirst());
  }

  /** True when inserted, false when a client with that id was there already. */
  insertClient(row: ClientRow): Promise<boolean> {
    return this.insertUnlessPresent(
      () => this.hasClient(row.id),
      () => this.db.insertInto('hydra_client').values(row).execute(),
    );
  }

  insertKey(row: JwkRow): Promise<boolean> {
    return this.insertUnlessPresent(
      () => this.hasKey(row.sid, row.kid),
      () => this.db.insertInto('hydra_jwk').values(row).execute(),
    );
  }

  insertTrust(row: TrustedJwtBearerIssuerRow): Promise<boolean> {
    return this.insertUnlessPresent(
      () => this.hasTrust(row.id),
      () => this.db.insertInto('hydra_oauth2_trusted_jwt_bearer_issuer').values(row).execute(),
    );
  }

  /** 'missing client' when Tessera has no client of that id (a token's client must come first). */
  insertAccessToken(row: AccessTokenRow): Promise<boolean | 'missing client'> {
    return this.insertUnlessPresent(
      () => this.hasAccessToken(row.signature),
      () => this.db.insertInto('hydra_oauth2_access').values(row).execute(),
    ).catch(missingClient);
  }

  insertRefreshToken(row: RefreshRow): Promise<boolean | 'missing client'> {
    return this.insertUnlessPresent(
      () => this.hasRefreshToken(row.signature),
      () => this.db.insertInto('hydra_oauth2_refresh').values(row).execute(),
    ).catch(missingClient);
  }

  insertCode(row: CodeRow): Promise<boolean | 'missing client'> {
    return this.insertUnlessPresent(
      () => this.hasCode(row.signature),
      () => this.db.insertInto('hydra_oauth2_code').values(row).execute(),
    ).catch(missingClient);
  }

  async hasDeviceCode(key: string): Promise<boolean> {
    const table = 'hydra_oauth2_device_auth_codes';
    return Boolean(await this.db.selectFrom(table).select('device_code_signature').where('device_code_signature', '=', key).executeTakeFirst());
  }

  insertDeviceCode(row: DeviceCodeRow): Promise<boolean | 'missing client'> {
    return this.insertUnlessPresent(
      () => this.hasDeviceCode(row.device_code_signature),
      () => this.db.insertInto('hydra_oauth2_device_auth_codes').values(row).execute(),
    ).catch(missingClient);
  }

  async hasForcedSubject(subject: string, clientId: string): Promise<boolean> {
    const table = 'hydra_oauth2_obfuscated_authentication_session';
    return Boolean(await this.db.selectFrom(table).select('subject').where('subject', '=', subject).where('client_id', '=', clientId).executeTakeFirst());
  }

  /** A forced subject identifier; one Tessera already holds for the user and client (a later login forced it) is left as it is. */
  insertForcedSubject(row: ForcedSubjectRow): Promise<boolean | 'missing client'> {
    return this.insertUnlessPresent(
      () => this.hasForcedSubject(row.subject, row.client_id),
      () => this.db.insertInto('hydra_oauth2_obfuscated_authentication_session').values(row).execute(),
    ).catch(missingClient);
  }

  async hasLoginSession(sid: string): Promise<boolean> {
    const table = 'hydra_oauth2_imported_login_session';
    return Boolean(await this.db.selectFrom(table).select('sid').where('sid', '=', sid).executeTakeFirst());
  }

  async hasFlow(id: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('hydra_oauth2_flow').select('id').where('id', '=', id).executeTakeFirst());
  }

  /**
   * A Hydra login session, with the identity provider session it names (if any), so that a
   * logout of the session also ends the identity provider's (session/identity-provider-logout.ts).
   */
  insertLoginSession(row: ImportedLoginSessionRow, idp: LoginSessionIdpRow | undefined): Promise<boolean> {
    return this.insertUnlessPresent(
      () => this.hasLoginSession(row.sid),
      () =>
        idp
          ? this.db.transaction().execute(async (trx) => {
              await trx.insertInto('hydra_oauth2_imported_login_session').values(row).execute();
              if (!(await trx.selectFrom('hydra_oauth2_login_session_idp').select('sid').where('sid', '=', idp.sid).executeTakeFirst()))
                await trx.insertInto('hydra_oauth2_login_session_idp').values(idp).execute();
            })
          : this.db.insertInto('hydra_oauth2_imported_login_session').values(row).execute(),
    );
  }

  /**
   * A given consent: its flow, its consent-session entry and its client's enrolment in the login
   * session (for channel logout; one per session and client), together or not at all.
   */
  insertConsent(flow: FlowRow, session: ConsentSessionRow, enrolment: SessionClientRow | undefined): Promise<boolean> {
    return this.insertUnlessPresent(
      () => this.hasFlow(flow.id),
      () =>
        this.db.transaction().execute(async (trx) => {
          await trx.insertInto('hydra_oauth2_flow').values(flow).execute();
          await trx.insertInto('hydra_oauth2_consent_session').values(session).execute();
          if (!enrolment) return;
          const enrolled = await trx
            .selectFrom('hydra_oauth2_session_client')
            .select('sid')
            .where('sid', '=', enrolment.sid)
            .where('client_id', '=', enrolment.client_id)
            .executeTakeFirst();
          if (!enrolled) await trx.insertInto('hydra_oauth2_session_client').values(enrolment).execute();
        }),
    );
  }

  /** The check spares a failed statement on a re-run; the unique key settles a race with another writer. */
  private async insertUnlessPresent(present: () => Promise<boolean>, insert: () => Promise<unknown>): Promise<boolean> {
    if (await present()) return false;
    try {
      await insert();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

function missingClient(error: unknown): 'missing client' {
  if (isForeignKeyViolation(error)) return 'missing client';
  throw error;
}
