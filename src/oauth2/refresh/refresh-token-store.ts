/**
 * Refresh tokens (hydra_oauth2_refresh), keyed by a hash of the token's HMAC signature; the
 * session (the claims the grant carries) is sealed with AES-256-GCM, bound to its row. Revoking
 * a chain marks every refresh and access token of one grant (request id) inactive in one
 * transaction (RFC 6819 §5.2.2.3, RFC 7009 §2.1).
 */
import type { Kysely } from 'kysely';
import type { Aead } from '../../crypto/aead.js';
import type { Database } from '../../persistence/database.js';
import type { AccessTokenRow } from '../tokens/access-token-store.js';
import type { IdTokenSession } from '../tokens/token-session.js';
import { grantColumns, grantFields } from '../tokens/grant-columns.js';

export interface RefreshSession {
  ext: Record<string, unknown>;
  idToken?: IdTokenSession;
}

export interface RefreshRecord {
  key: string;
  requestId: string;
  clientId: string;
  subject: string;
  grantedScope: string[];
  grantedAudience: string[];
  requestedAt: number;
  /** null: never expires (lifespan -1). */
  expiresAt: number | null;
  active: boolean;
  /** Revoked (active = -1): dead for good, even within a grace period. Rotated tokens are active = 0. */
  revoked: boolean;
  /** Set by a rotation: starts the grace period. */
  firstUsedAt: number | null;
  usedTimes: number;
  accessTokenKey: string | null;
  session: RefreshSession;
}

export interface RefreshRow {
  signature: string;
  request_id: string;
  client_id: string;
  subject: string;
  granted_scope: string;
  granted_audience: string;
  requested_at: number;
  expires_at: number | null;
  active: number;
  first_used_at: number | null;
  used_times: number;
  access_token_signature: string | null;
  session_data: string;
}

export type RefreshDb = Kysely<{ hydra_oauth2_refresh: RefreshRow; hydra_oauth2_access: AccessTokenRow }>;

export class SqlRefreshTokenStore {
  readonly db: RefreshDb;

  constructor(
    database: Database,
    private readonly aead: Aead,
  ) {
    this.db = database.db as unknown as RefreshDb;
  }

  async create(record: RefreshRecord): Promise<void> {
    await this.db.insertInto('hydra_oauth2_refresh').values(this.toRow(record)).execute();
  }

  async get(key: string): Promise<RefreshRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_refresh').selectAll().where('signature', '=', key).executeTakeFirst();
    if (!row) return undefined;
    const nullable = (value: number | null) => (value === null ? null : Number(value));
    return {
      key,
      ...grantFields(row),
      expiresAt: nullable(row.expires_at),
      active: Number(row.active) === 1,
      revoked: Number(row.active) === -1,
      firstUsedAt: nullable(row.first_used_at),
      usedTimes: Number(row.used_times),
      accessTokenKey: row.access_token_signature,
      session: JSON.parse(this.aead.openText(row.session_data, `refresh:${key}`)) as RefreshSession,
    };
  }

  /**
   * Every refresh and access token of the grant becomes inactive, all or nothing. Refresh rows
   * get -1, not 0, so that no grace period can bring a rotated token of a revoked grant back.
   */
  async revokeChain(requestId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('hydra_oauth2_refresh').set({ active: -1 }).where('request_id', '=', requestId).execute();
      await trx.updateTable('hydra_oauth2_access').set({ active: 0 }).where('request_id', '=', requestId).execute();
    });
  }

  toRow(record: RefreshRecord): RefreshRow {
    return {
      signature: record.key,
      ...grantColumns(record),
      expires_at: record.expiresAt,
      active: record.revoked ? -1 : record.active ? 1 : 0,
      first_used_at: record.firstUsedAt,
      used_times: record.usedTimes,
      access_token_signature: record.accessTokenKey,
      session_data: this.aead.seal(JSON.stringify(record.session), `refresh:${record.key}`),
    };
  }
}
