/** LoginRevocationStore on hydra_oauth2_login_revocation (src/session/login-revocations.ts). */
import { randomUUID } from 'node:crypto';
import type { LoginRevocationStore } from '../../session/login-revocations.js';
import type { Executor } from '../tables.js';

export class SqlLoginRevocationStore implements LoginRevocationStore {
  constructor(private readonly database: Executor) {}

  async record(revocation: { subject: string | null; sid: string | null; revokedAt: number }): Promise<void> {
    await this.database.db
      .insertInto('hydra_oauth2_login_revocation')
      .values({ id: randomUUID(), subject: revocation.subject, sid: revocation.sid, revoked_at: revocation.revokedAt })
      .execute();
  }

  async covers(sid: string, subject: string, issuedAt: number): Promise<boolean> {
    const row = await this.database.db
      .selectFrom('hydra_oauth2_login_revocation')
      .select('id')
      .where((eb) => eb.or([eb('sid', '=', sid), eb.and([eb('subject', '=', subject), eb('revoked_at', '>=', issuedAt)])]))
      .executeTakeFirst();
    return row !== undefined;
  }
}
