/**
 * The one call Hydra makes to Ory Kratos's admin API (internal/kratos DisableSession): when a
 * login session that named an identity provider session ends, `DELETE <urls.identity_provider.url>
 * /admin/sessions/<id>` (Kratos's disableSession, "Deactivate a Session") with the headers of
 * urls.identity_provider.headers and `Accept: application/json`, as the generated kratos-client-go
 * sends it. It goes through the outbound guard (clients.http.*), as Hydra's resilient HTTP client
 * does (driver/registry_sql.go HTTPClient): a Kratos on a private address needs an exception URL
 * when private ranges are disallowed. That client also retries twice, after 1 s and 2 s
 * (go-retryablehttp's default policy: a failed connection, 429 or a 5xx other than 501), all of
 * it bounded by Hydra's 30 s.
 */
import { OutboundRefusal } from '../http/outbound/outbound-errors.js';
import type { OutboundHttp } from '../http/outbound/outbound-http.js';

export const KRATOS_TIMEOUT_MS = 30_000;
const RETRIES = 2;
const BACKOFF_MS = 1_000;

/** Why a disable failed, for the operator's log (never a header value). */
export class KratosError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KratosError';
  }
}

export class KratosAdmin {
  private readonly base: string;

  constructor(
    private readonly outbound: OutboundHttp,
    adminUrl: string,
    private readonly headers: Readonly<Record<string, string>> = {},
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly now: () => number = Date.now,
  ) {
    // The generated client appends the path to the server URL as written; one trailing slash is
    // dropped so that `https://kratos/` does not become `https://kratos//admin/...`.
    this.base = adminUrl.replace(/\/$/u, '');
  }

  /** Resolves when Kratos answered 2xx; rejects with the last failure otherwise. */
  async disableSession(identityProviderSessionId: string): Promise<void> {
    const url = `${this.base}/admin/sessions/${encodeURIComponent(identityProviderSessionId)}`;
    const deadline = this.now() + KRATOS_TIMEOUT_MS;
    for (let attempt = 0; ; attempt += 1) {
      let failure: unknown;
      let retryable = false;
      try {
        const response = await this.outbound.request(url, {
          method: 'DELETE',
          // Configured headers last: an operator's Accept or Authorization is the one sent.
          headers: { accept: 'application/json', ...this.headers },
          timeoutMs: Math.max(1, deadline - this.now()),
          maxBytes: 0,
        });
        if (response.status >= 200 && response.status < 300) return;
        failure = new KratosError(`Kratos answered ${response.status}`, response.status);
        retryable = response.status === 429 || (response.status >= 500 && response.status !== 501);
      } catch (error) {
        failure = error;
        // A refused destination stays refused; a connection that failed may succeed again.
        retryable = !(error instanceof OutboundRefusal) && (error as Error).name !== 'TimeoutError';
      }
      const wait = BACKOFF_MS * 2 ** attempt;
      if (!retryable || attempt >= RETRIES || this.now() + wait >= deadline) throw failure;
      await this.sleep(wait);
    }
  }
}
