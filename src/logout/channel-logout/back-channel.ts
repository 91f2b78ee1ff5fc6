/**
 * Delivery of Back-Channel Logout 1.0 §2.5 requests: POST application/x-www-form-urlencoded
 * `logout_token=<JWT>` to the client's backchannel_logout_uri, from the server, never through the
 * browser. As in Hydra (executeBackChannelLogout), each request runs in the background: the user's
 * logout never waits for, and never fails because of, a relying party. Each request is bounded by
 * a timeout; a refusal or an error is logged with the client and the endpoint, never the token.
 * §2.8: the RP answers 200 OK (Hydra also accepts 204); anything else counts as a failure, and a
 * redirect is not followed (the OP posts to the registered URI only). The request goes through the
 * outbound guard (clients.http.disallow_private_ip_ranges): a refused address fails the delivery
 * and is logged, as Hydra's resilient client makes it fail.
 */
import { failureReason } from '../../http/outbound/outbound-errors.js';
import type { OutboundHttp } from '../../http/outbound/outbound-http.js';
import type { LogoutTokens, LogoutTokenSubject } from './logout-token.js';

export interface LogSink {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export const BACKCHANNEL_TIMEOUT_MS = 5_000;

export class BackChannelLogout {
  /** Requests still under way: the logout response does not wait for them, close and tests may. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly tokens: LogoutTokens,
    private readonly log: LogSink,
    private readonly outbound: OutboundHttp,
    private readonly timeoutMs = BACKCHANNEL_TIMEOUT_MS,
  ) {}

  /** Starts the notification and returns at once. */
  notify(endpoint: string, target: LogoutTokenSubject): void {
    const delivery = this.deliver(endpoint, target).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Resolves when every notification started so far has ended (delivered, refused or timed out). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async deliver(endpoint: string, target: LogoutTokenSubject): Promise<void> {
    // The registered URI may carry a query; only its origin and path go to the log.
    const url = new URL(endpoint);
    const details = { client_id: target.clientId, backchannel_logout_url: `${url.origin}${url.pathname}` };
    try {
      const token = await this.tokens.issue(target);
      const response = await this.outbound.request(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
        timeoutMs: this.timeoutMs,
        maxBytes: 0,
      });
      if (response.status !== 200 && response.status !== 204) {
        this.log.warn({ ...details, status: response.status }, 'OpenID Connect Back-Channel Logout request was refused');
        return;
      }
      this.log.info(details, 'OpenID Connect Back-Channel Logout request delivered');
    } catch (error) {
      this.log.warn({ ...details, reason: failureReason(error) }, 'OpenID Connect Back-Channel Logout request failed');
    }
  }
}
