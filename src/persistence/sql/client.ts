/**
 * ClientStore on Kysely, one code path for SQLite, PostgreSQL and MySQL. Every operation is a
 * single statement on a single row (or one keyset page), except a write that also sets or clears
 * the sealed secret of a client_secret_jwt client (hydra_client_sealed_secret): both in one
 * transaction. Keyset pagination uses the primary key, `WHERE id > ? ORDER BY id LIMIT n`, as
 * Hydra's keysetpagination does: it stays fast and stable however many clients are added meanwhile.
 */
import { errors } from '../../core/errors.js';
import type { Client, AuthenticationRecord } from '../../client/client.js';
import type { ClientListQuery, ClientStore } from '../../client/client-store.js';
import type { RegistrationStore, RegistrationTokenSwap } from '../../client/dynamic-registration.js';
import type { SecretRotationStore } from '../../client/secret-rotation.js';
import { columns, fromRow, recordFromRow, serializeData, toRow } from '../../client/client-row.js';
import { isUniqueViolation } from '../unique-violation.js';
import { retryOnDeadlock } from '../deadlock-retry.js';
import type { Kysely, Selectable } from 'kysely';
import { isUnstorableText } from '../unstorable-text.js';
import type { NamedStatement } from '../prepared-statements.js';
import type { Executor, Tables } from '../tables.js';

/**
 * Named columns, never `*`: a prepared statement's result type is fixed when a connection
 * prepares it, so a column added by a later migration would make PostgreSQL refuse it ("cached
 * plan must not change result type") on every connection of a running instance.
 */
const SELECT_CLIENT: NamedStatement = {
  name: 'tessera_client_select',
  text: 'SELECT id, client_name, owner, secret_hash, data, created_at, updated_at, rotated_secrets, registration_access_token_signature FROM hydra_client WHERE id = $1',
};

export class SqlClientStore implements ClientStore, SecretRotationStore, RegistrationStore {
  constructor(private readonly database: Executor) {}

  private get db() {
    return this.database.db;
  }

  async create(client: Client, secretHash: string | null, sealedSecret: string | null = null): Promise<void> {
    try {
      await this.inTransaction(async (db) => {
        await db.insertInto('hydra_client').values(toRow(client, secretHash)).execute();
        await this.writeSealedSecret(db, client.client_id, sealedSecret);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw errors.conflict.withHint(`An OAuth 2.0 Client with the client_id "${client.client_id}" exists already.`);
      }
      throw error;
    }
  }

  /** On every token request (client authentication): a named prepared statement on PostgreSQL. */
  async get(id: string): Promise<AuthenticationRecord | undefined> {
    const prepared = this.db.isTransaction ? undefined : this.database.prepared;
    if (prepared) {
      // No stored id holds such text: nothing matches, as under Kysely's guard (unstorable-text.ts).
      if (isUnstorableText(id)) return undefined;
      const [row] = await prepared.rows<Selectable<Tables['hydra_client']>>(SELECT_CLIENT, [id]);
      return row ? recordFromRow(row) : undefined;
    }
    const row = await this.db.selectFrom('hydra_client').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? recordFromRow(row) : undefined;
  }

  async update(client: Client, secretHash?: string | null, sealedSecret?: string | null): Promise<boolean> {
    const { id: _id, created_at: _created, ...changed } = columns(client);
    return this.inTransaction(async (db) => {
      const result = await db
        .updateTable('hydra_client')
        // A new secret hash clears the rotated secrets, as Hydra's PUT and PATCH do.
        .set({ ...changed, data: serializeData(client), ...(secretHash === undefined ? {} : { secret_hash: secretHash, rotated_secrets: null }) })
        .where('id', '=', client.client_id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await this.writeSealedSecret(db, client.client_id, sealedSecret);
      return true;
    });
  }

  async sealedSecret(id: string): Promise<string | null | undefined> {
    const row = await this.db
      .selectFrom('hydra_client as c')
      .leftJoin('hydra_client_sealed_secret as s', 's.client_id', 'c.id')
      .select('s.sealed_secret')
      .where('c.id', '=', id)
      .executeTakeFirst();
    return row ? (row.sealed_secret ?? null) : undefined;
  }

  /** The client row and its sealed secret change together or not at all. */
  private inTransaction<T>(work: (db: Kysely<Tables>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  /** RFC 7591: a registrant's client with its registration access token's key, in one insert (and its sealed secret, in the same transaction). */
  async createRegistered(client: Client, secrets: { hash: string | null; sealed: string | null }, registrationTokenKey: string): Promise<void> {
    // Server-chosen UUIDs: a collision is not a registrant's doing, so no conflict mapping.
    await this.inTransaction(async (db) => {
      await db
        .insertInto('hydra_client')
        .values({ ...toRow(client, secrets.hash), registration_access_token_signature: registrationTokenKey })
        .execute();
      await this.writeSealedSecret(db, client.client_id, secrets.sealed);
    });
  }

  /**
   * RFC 7592 §2.2: a registrant's update swaps the registration access token in the same
   * statement, only while the stored one is still the one presented: a token serves one update.
   */
  async updateRegistered(client: Client, secrets: { hash: string | undefined; sealed: string | null | undefined }, token: RegistrationTokenSwap): Promise<boolean> {
    const { id: _id, created_at: _created, ...changed } = columns(client);
    return this.inTransaction(async (db) => {
      const result = await db
        .updateTable('hydra_client')
        .set({
          ...changed,
          data: serializeData(client),
          ...(secrets.hash === undefined ? {} : { secret_hash: secrets.hash, rotated_secrets: null }),
          registration_access_token_signature: token.next,
        })
        .where('id', '=', client.client_id)
        .where('registration_access_token_signature', '=', token.expected)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await this.writeSealedSecret(db, client.client_id, secrets.sealed);
      return true;
    });
  }

  /** Sets (a string) or clears (null) a client's sealed secret; undefined leaves it as it is. */
  private async writeSealedSecret(db: Kysely<Tables>, clientId: string, sealed: string | null | undefined): Promise<void> {
    if (sealed === undefined) return;
    await db.deleteFrom('hydra_client_sealed_secret').where('client_id', '=', clientId).execute();
    if (sealed !== null) await db.insertInto('hydra_client_sealed_secret').values({ client_id: clientId, sealed_secret: sealed }).execute();
  }

  async rotateSecret(
    id: string,
    expected: Pick<AuthenticationRecord, 'secretHash' | 'rotatedSecretHashes'>,
    change: { newHash: string; rotated: string[]; updatedAt: number },
  ): Promise<boolean> {
    const expectedRotated = expected.rotatedSecretHashes?.length ? expected.rotatedSecretHashes : undefined;
    const result = await this.db
      .updateTable('hydra_client')
      .set({
        secret_hash: change.newHash,
        rotated_secrets: change.rotated.length > 0 ? JSON.stringify(change.rotated) : null,
        updated_at: change.updatedAt,
      })
      .where('id', '=', id)
      .where((eb) => (expected.secretHash === null ? eb('secret_hash', 'is', null) : eb('secret_hash', '=', expected.secretHash)))
      // The column is compared by its meaning, not its text: null and [] both mean none.
      .where((eb) =>
        expectedRotated === undefined
          ? eb.or([eb('rotated_secrets', 'is', null), eb('rotated_secrets', '=', '[]')])
          : eb('rotated_secrets', '=', JSON.stringify(expectedRotated)),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async clearRotatedSecrets(id: string, updatedAt: number): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_client')
      .set({ rotated_secrets: null, updated_at: updatedAt })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * One statement, so atomic everywhere: the database cascades it to every token, code, flow,
   * consent session, logout request and channel-logout enrolment of the client (migration
   * 20261207000100, Hydra's ON DELETE CASCADE). A deadlock with a grant writing for the same
   * client rolls the whole statement back, and it runs again.
   */
  async delete(id: string): Promise<boolean> {
    const result = await retryOnDeadlock(() => this.db.deleteFrom('hydra_client').where('id', '=', id).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }

  async list(query: ClientListQuery): Promise<Client[]> {
    let select = this.db.selectFrom('hydra_client').selectAll().where('id', '>', query.after);
    if (query.clientName) select = select.where('client_name', '=', query.clientName);
    if (query.owner) select = select.where('owner', '=', query.owner);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(fromRow);
  }
}
