/**
 * IdentityProviderSessionStore on hydra_oauth2_login_session_idp (migration 20261208000700,
 * src/session/identity-provider-logout.ts), and the write a login step makes in its transaction
 * (flow.ts). Taking a row is one DELETE: of two concurrent ends of the same session, exactly one
 * removes it and disables the identity provider's session, as Hydra's DeleteLoginSession gates it.
 */
import type { Kysely } from 'kysely';
import type { IdentityProviderSessionChange } from '../../flow/flow-store.js';
import type { IdentityProviderSessionStore } from '../../session/identity-provider-logout.js';
import type { Executor, Tables } from '../tables.js';

const TABLE = 'hydra_oauth2_login_session_idp';

export async function writeIdentityProviderSession(db: Kysely<Tables>, change: IdentityProviderSessionChange): Promise<void> {
  if ('remember' in change) {
    const { sid, subject, identityProviderSessionId, expiresAt } = change.remember;
    // A sid is minted for each new login (flow-service.ts): it is never written twice.
    await db.insertInto(TABLE).values({ sid, subject, identity_provider_session_id: identityProviderSessionId, expires_at: expiresAt }).execute();
    return;
  }
  const { sid, expiresAt } = change.extend;
  // Only ever later: an extension never shortens what an earlier one kept.
  await db.updateTable(TABLE).set({ expires_at: expiresAt }).where('sid', '=', sid).where('expires_at', '<', expiresAt).execute();
}

export class SqlIdentityProviderSessions implements IdentityProviderSessionStore {
  constructor(private readonly database: Executor) {}

  private get db() {
    return this.database.db;
  }

  async take(sid: string): Promise<string | undefined> {
    const row = await this.db.selectFrom(TABLE).select('identity_provider_session_id').where('sid', '=', sid).executeTakeFirst();
    if (!row) return undefined;
    const result = await this.db.deleteFrom(TABLE).where('sid', '=', sid).executeTakeFirst();
    // Another end of the same session took it first: that one disables it.
    return Number(result.numDeletedRows) === 1 ? row.identity_provider_session_id : undefined;
  }

  async forgetSubject(subject: string): Promise<void> {
    await this.db.deleteFrom(TABLE).where('subject', '=', subject).execute();
  }
}
