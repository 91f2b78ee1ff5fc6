/**
 * Authorization codes (hydra_oauth2_code), keyed by a hash of the code's HMAC signature: the code
 * itself is never stored (RFC 6819 §4.4.1.3, §5.1.4.1.3). Redemption is one conditional UPDATE
 * (active 1 → 0) in the transaction that stores the tokens (code-redemption.ts), so of two
 * concurrent redemptions exactly one wins (RFC 6749 §4.1.2: single use); a replay sets active to -1.
 */
import type { Kysely } from 'kysely';
import type { Aead } from '../../crypto/aead.js';
import type { Database } from '../../persistence/database.js';

/** What the code stands for: the consented grant, sealed at rest. */
export interface CodeSession {
  redirectUri: string;
  redirectUriSent: boolean;
  subject: string;
  /** OIDC Core §8: the ID token's sub (pairwise or forced); `subject` when absent. */
  idTokenSubject?: string;
  scope: string[];
  audience: string[];
  /** consent session.access_token: carried as `ext` by the access token. */
  ext: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  acr: string;
  amr: string[];
  sid: string;
}

export interface CodeRecord {
  requestId: string;
  clientId: string;
  requestedAt: number;
  expiresAt: number;
  active: boolean;
  /** A second redemption was attempted (active = -1): whatever the code issued must die. */
  replayed: boolean;
  session: CodeSession;
}

interface CodeRow {
  signature: string;
  request_id: string;
  client_id: string;
  requested_at: number;
  expires_at: number;
  active: number;
  session_data: string;
}

type Db = Kysely<{ hydra_oauth2_code: CodeRow }>;

export class SqlCodeStore {
  private readonly db: Db;

  constructor(
    database: Database,
    private readonly aead: Aead,
  ) {
    this.db = database.db as unknown as Db;
  }

  async create(key: string, record: CodeRecord): Promise<void> {
    await this.db
      .insertInto('hydra_oauth2_code')
      .values({
        signature: key,
        request_id: record.requestId,
        client_id: record.clientId,
        requested_at: record.requestedAt,
        expires_at: record.expiresAt,
        active: 1,
        session_data: this.aead.seal(JSON.stringify(record.session), `code:${key}`),
      })
      .execute();
  }

  async get(key: string): Promise<CodeRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_code').selectAll().where('signature', '=', key).executeTakeFirst();
    if (!row) return undefined;
    return {
      requestId: row.request_id,
      clientId: row.client_id,
      requestedAt: Number(row.requested_at),
      expiresAt: Number(row.expires_at),
      active: Number(row.active) === 1,
      replayed: Number(row.active) === -1,
      session: JSON.parse(this.aead.openText(row.session_data, `code:${key}`)) as CodeSession,
    };
  }

  /** Records a replay: the code stays dead for good, and the record says why. */
  async markReplayed(key: string): Promise<void> {
    await this.db.updateTable('hydra_oauth2_code').set({ active: -1 }).where('signature', '=', key).execute();
  }
}
