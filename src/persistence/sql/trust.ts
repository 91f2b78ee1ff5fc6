/** TrustStore on hydra_oauth2_trusted_jwt_bearer_issuer (src/oauth2/trust/trust-store.ts). */
import type { Selectable } from 'kysely';
import { errors } from '../../core/errors.js';
import type { Jwk } from '../../jwk/jwk.js';
import type { TrustListQuery, TrustStore } from '../../oauth2/trust/trust-store.js';
import type { TrustedIssuer } from '../../oauth2/trust/trusted-issuer.js';
import type { Executor, TrustedJwtBearerIssuerRow } from '../tables.js';
import { isUniqueViolation } from '../unique-violation.js';

const TABLE = 'hydra_oauth2_trusted_jwt_bearer_issuer';

/** fosite's rfc7523 storage loads at most this many keys for an issuer and subject. */
const MAX_CANDIDATES = 100;

export class SqlTrustStore implements TrustStore {
  constructor(private readonly database: Executor) {}

  async create(trust: TrustedIssuer): Promise<void> {
    try {
      await this.database.db.insertInto(TABLE).values(toRow(trust)).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw errors.conflict.withHint(
        `A trust relationship of issuer "${trust.issuer}" with key "${trust.jwk.kid}" exists already for ${trust.allowAnySubject ? 'any subject' : `subject "${trust.subject}"`}.`,
      );
    }
  }

  async get(id: string): Promise<TrustedIssuer> {
    const row = await this.database.db.selectFrom(TABLE).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw errors.notFound;
    return fromRow(row);
  }

  async delete(id: string): Promise<void> {
    const result = await this.database.db.deleteFrom(TABLE).where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw errors.notFound;
  }

  async list({ after, limit, issuer }: TrustListQuery): Promise<TrustedIssuer[]> {
    let query = this.database.db.selectFrom(TABLE).selectAll().where('id', '>', after);
    if (issuer !== undefined) query = query.where('issuer', '=', issuer);
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map(fromRow);
  }

  async findTrusted(issuer: string, subject: string, keyId: string | undefined, now: number): Promise<TrustedIssuer[]> {
    let query = this.database.db
      .selectFrom(TABLE)
      .selectAll()
      .where('issuer', '=', issuer)
      .where((eb) => eb.or([eb('subject', '=', subject), eb('allow_any_subject', '=', 1)]))
      .where('expires_at', '>', now);
    if (keyId !== undefined) query = query.where('key_id', '=', keyId);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(MAX_CANDIDATES).execute();
    return rows.map(fromRow);
  }
}

export function toRow(trust: TrustedIssuer): TrustedJwtBearerIssuerRow {
  return {
    id: trust.id,
    issuer: trust.issuer,
    subject: trust.allowAnySubject ? '' : trust.subject,
    allow_any_subject: trust.allowAnySubject ? 1 : 0,
    scope: JSON.stringify(trust.scope),
    key_set: trust.issuer,
    key_id: trust.jwk.kid,
    key_data: JSON.stringify(trust.jwk),
    created_at: trust.createdAt,
    expires_at: trust.expiresAt,
  };
}

function fromRow(row: Selectable<TrustedJwtBearerIssuerRow>): TrustedIssuer {
  return {
    id: row.id,
    issuer: row.issuer,
    subject: row.subject,
    allowAnySubject: Number(row.allow_any_subject) === 1,
    scope: JSON.parse(row.scope) as string[],
    jwk: JSON.parse(row.key_data) as Jwk,
    // BIGINT comes back as a string from pg and mysql2.
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}
