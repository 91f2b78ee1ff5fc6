/**
 * Revoked login sessions (Hydra's DELETE /admin/oauth2/auth/sessions/login?subject=|sid=). The
 * remembered login is a sealed cookie (login-session-cookie.ts) that the server cannot reach, so
 * a revocation is recorded instead: by sid, or by subject and time. A remembered login that a
 * revocation covers is treated as absent, and the next login of that subject is not skipped
 * (OIDC Core §3.1.2.3: the OP decides whether the End-User is still authenticated).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { errors } from '../core/errors.js';
import type { Database } from '../persistence/database.js';
import type { RememberedLogin } from './login-session-cookie.js';

interface RevocationRow {
  id: string;
  subject: string | null;
  sid: string | null;
  revoked_at: number;
}

type Db = Kysely<{ hydra_oauth2_login_revocation: RevocationRow }>;

export class LoginRevocations {
  private readonly db: Db;

  constructor(
    database: Database,
    private readonly now: () => number,
    /** Revoking by sid is Hydra's headless logout: it runs back-channel logout (HandleHeadlessLogout). */
    private readonly onSidRevoked?: (sid: string) => Promise<unknown>,
  ) {
    this.db = database.db as unknown as Db;
  }

  /** Hydra takes exactly one of subject and sid. */
  async revoke(subject: string | undefined, sid: string | undefined): Promise<void> {
    if (!subject === !sid) throw errors.invalidRequest.withHint("Exactly one of the query parameters 'subject' and 'sid' must be set.");
    await this.db
      .insertInto('hydra_oauth2_login_revocation')
      .values({ id: randomUUID(), subject: subject ?? null, sid: sid ?? null, revoked_at: this.now() })
      .execute();
    if (sid) await this.onSidRevoked?.(sid);
  }

  /** Whether a revocation covers this remembered login (one set before its subject's revocation). */
  async covers(login: RememberedLogin): Promise<boolean> {
    const issuedAt = login.issuedAt ?? login.authTime * 1000;
    const row = await this.db
      .selectFrom('hydra_oauth2_login_revocation')
      .select('id')
      .where((eb) => eb.or([eb('sid', '=', login.sid), eb.and([eb('subject', '=', login.subject), eb('revoked_at', '>=', issuedAt)])]))
      .executeTakeFirst();
    return row !== undefined;
  }
}
