/**
 * The logout app's side of RP-initiated logout: Hydra's GET /admin/oauth2/auth/requests/logout,
 * PUT .../logout/accept (→ {redirect_to}) and PUT .../logout/reject (→ 204), hydra-contract.md §2–3.
 * Accept hands out the single-use logout_verifier; reject ends the request without logging out.
 * A request already handled answers 410 with where it went (Hydra), accepting twice 409.
 */
import { RequestAlreadyUsed, errors } from '../core/errors.js';
import type { Client } from '../client/client.js';
import { clientView } from '../client/client-view.js';
import type { RedirectTo } from '../flow/login-consent-admin.js';
import { withQuery } from '../web/url.js';
import type { LogoutRecord, LogoutStore } from './logout-store.js';
import { newStepSecret, stepHash } from '../flow/step-secret.js';

const alreadyHandled = errors.alreadyHandled.withHint(
  'A logout challenge can be accepted or rejected once only.',
);

export class LogoutAdmin {
  constructor(
    private readonly store: LogoutStore,
    private readonly clients: { find(id: string): Promise<Client | undefined> },
    private readonly endSessionUrl: string,
    private readonly now: () => number,
  ) {}

  async get(challenge: string | undefined): Promise<Record<string, unknown>> {
    const record = await this.load(challenge);
    if (record.state !== 'logout_initialized') throw new RequestAlreadyUsed(record.data.requestUrl);
    const client = record.data.clientId ? await this.clients.find(record.data.clientId) : undefined;
    return {
      challenge: challenge!,
      subject: record.data.subject,
      sid: record.data.sid,
      request_url: record.data.requestUrl,
      rp_initiated: record.data.rpInitiated,
      requested_at: new Date(record.requestedAt).toISOString(),
      expires_at: new Date(record.expiresAt).toISOString(),
      client: client ? clientView(client) : null,
    };
  }

  async accept(challenge: string | undefined): Promise<RedirectTo> {
    const record = await this.waiting(challenge);
    const verifier = newStepSecret();
    if (!(await this.store.transition(record.id, 'logout_initialized', 'logout_accepted', stepHash(verifier)))) throw alreadyHandled;
    return { redirect_to: withQuery(this.endSessionUrl, 'logout_verifier', verifier) };
  }

  async reject(challenge: string | undefined): Promise<void> {
    const record = await this.waiting(challenge);
    if (!(await this.store.transition(record.id, 'logout_initialized', 'logout_rejected'))) throw alreadyHandled;
  }

  private async waiting(challenge: string | undefined): Promise<LogoutRecord> {
    const record = await this.load(challenge);
    if (record.state !== 'logout_initialized') throw alreadyHandled;
    return record;
  }

  private async load(challenge: string | undefined): Promise<LogoutRecord> {
    if (!challenge) throw errors.invalidRequest.withHint("Query parameter 'logout_challenge' is not defined but should have been.");
    const record = await this.store.findBy('challenge', stepHash(challenge));
    if (!record) throw errors.notFound.withHint('The logout challenge does not exist.');
    if (record.state === 'logout_initialized' && record.expiresAt <= this.now()) throw errors.notFound.withHint('The logout challenge has expired.');
    return record;
  }
}
