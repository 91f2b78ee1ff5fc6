/**
 * The KeyStore on `hydra_jwk`, one implementation for SQLite, PostgreSQL and MySQL. Each key is
 * sealed with AES-256-GCM under secrets.system[0] (Hydra: `persister_jwk.go`), its set and kid
 * bound as additional data so that a sealed key copied to another row does not open. Older
 * entries of secrets.system still open keys sealed before a rotation (crypto/aead.ts).
 */
import { sql } from 'kysely';
import { DecryptionError, type Aead } from '../../crypto/aead.js';
import type { Database } from '../database.js';
import type { JwkRow } from '../tables.js';
import { isUniqueViolation } from '../unique-violation.js';
import { withGenerationLock } from './generation-lock.js';
import { isSigningKey, type Jwk } from '../../jwk/jwk.js';
import { KeyConflictError, KeyDecryptionError, type JwkRecord, type KeyLocation, type KeyStore } from '../../jwk/key-store.js';

/** What a sealed key is bound to: its set and kid (exported for the Hydra import, which seals keys for this store). */
export const keyAdditionalData = (set: string, kid: string) => `hydra_jwk:${JSON.stringify([set, kid])}`;
const additionalData = keyAdditionalData;

export class SqlKeyStore implements KeyStore {
  private lastStamp = 0;

  constructor(
    private readonly database: Database,
    private readonly aead: Aead,
  ) {}

  async getSet(set: string): Promise<JwkRecord[]> {
    const rows = await this.database.db
      .selectFrom('hydra_jwk')
      .selectAll()
      .where('sid', '=', set)
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'asc')
      .execute();
    return rows.map((row) => this.open(row));
  }

  async getKey(set: string, kid: string): Promise<JwkRecord | undefined> {
    const row = await this.database.db.selectFrom('hydra_jwk').selectAll().where('sid', '=', set).where('kid', '=', kid).executeTakeFirst();
    return row && this.open(row);
  }

  async addKey(set: string, jwk: Jwk): Promise<JwkRecord> {
    const row = this.seal(set, jwk, this.stamp());
    try {
      await this.database.db.insertInto('hydra_jwk').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new KeyConflictError({ set, kid: jwk.kid });
      throw error;
    }
    return { set, jwk, createdAt: row.created_at };
  }

  async replaceSet(set: string, jwks: readonly Jwk[]): Promise<JwkRecord[]> {
    // The body's order is kept: its first key reads as the newest, so it is the one that signs.
    const newest = this.stamp(jwks.length);
    const rows = jwks.map((jwk, index) => this.seal(set, jwk, newest - index));
    await this.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('hydra_jwk').where('sid', '=', set).execute();
      if (rows.length > 0) await trx.insertInto('hydra_jwk').values(rows).execute();
    });
    return rows.map((row, index) => ({ set, jwk: jwks[index]!, createdAt: row.created_at }));
  }

  async replaceKey(set: string, jwk: Jwk): Promise<JwkRecord> {
    const row = this.seal(set, jwk, this.stamp());
    await this.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('hydra_jwk').where('sid', '=', set).where('kid', '=', jwk.kid).execute();
      await trx.insertInto('hydra_jwk').values(row).execute();
    });
    return { set, jwk, createdAt: row.created_at };
  }

  async deleteSet(set: string): Promise<number> {
    const result = await this.database.db.deleteFrom('hydra_jwk').where('sid', '=', set).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteKey(set: string, kid: string): Promise<boolean> {
    const result = await this.database.db.deleteFrom('hydra_jwk').where('sid', '=', set).where('kid', '=', kid).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async addSigningKeyIfAbsent(set: string, jwk: Jwk): Promise<boolean> {
    if (!isSigningKey(jwk)) throw new Error('addSigningKeyIfAbsent needs a signing key');
    const row = this.seal(set, jwk, this.stamp());
    if (this.database.dialect === 'sqlite') {
      // SQLite runs one writing statement at a time per database file, so a single statement
      // is atomic across processes; no lock row, and no write lock held across an await.
      const result = await sql`INSERT INTO hydra_jwk (sid, kid, keydata, signing, created_at)
        SELECT ${row.sid}, ${row.kid}, ${row.keydata}, 1, ${row.created_at}
        WHERE NOT EXISTS (SELECT 1 FROM hydra_jwk WHERE sid = ${set} AND signing = 1)`.execute(this.database.db);
      return (result.numAffectedRows ?? 0n) > 0n;
    }
    return withGenerationLock(this.database, async (trx) => {
      const present = await trx.selectFrom('hydra_jwk').select('kid').where('sid', '=', set).where('signing', '=', 1).executeTakeFirst();
      if (present) return false;
      await trx.insertInto('hydra_jwk').values(row).execute();
      return true;
    });
  }

  async findUnreadable(): Promise<KeyLocation[]> {
    const rows = await this.database.db.selectFrom('hydra_jwk').select(['sid', 'kid', 'keydata']).execute();
    return rows
      .filter((row) => {
        try {
          this.aead.open(row.keydata, additionalData(row.sid, row.kid));
          return false;
        } catch {
          return true;
        }
      })
      .map((row) => ({ set: row.sid, kid: row.kid }));
  }

  /**
   * Creation times, strictly increasing within this process, so that "newest first" never ties
   * between two changes made in the same millisecond. Returns the newest of `count` fresh times
   * (the others are the milliseconds just below it).
   */
  private stamp(count = 1): number {
    const reserve = Math.max(count, 1);
    this.lastStamp = Math.max(Date.now() + reserve - 1, this.lastStamp + reserve);
    return this.lastStamp;
  }

  private seal(set: string, jwk: Jwk, createdAt: number): JwkRow {
    return {
      sid: set,
      kid: jwk.kid,
      keydata: this.aead.seal(JSON.stringify(jwk), additionalData(set, jwk.kid)),
      signing: isSigningKey(jwk) ? 1 : 0,
      created_at: createdAt,
    };
  }

  private open(row: Pick<JwkRow, 'sid' | 'kid' | 'keydata' | 'created_at'>): JwkRecord {
    let text: string;
    try {
      text = this.aead.openText(row.keydata, additionalData(row.sid, row.kid));
    } catch (error) {
      if (error instanceof DecryptionError) throw new KeyDecryptionError({ set: row.sid, kid: row.kid });
      throw error;
    }
    return { set: row.sid, jwk: JSON.parse(text) as Jwk, createdAt: Number(row.created_at) };
  }
}
