/**
 * `clients.http.disallow_private_ip_ranges` and `clients.http.private_ip_exception_urls` as one
 * decision per URL, as Hydra's driver/registry_sql.go HTTPClient configures ory/x's resilient
 * client: with the setting off (Hydra's default) no URL is checked when a client registers it, and
 * a request may reach internal addresses but not the reserved ranges (ory/x httpx
 * NewResilientClient dials with allowInternalAllowIPv6 then); with it on, a URL matched by an
 * exception may reach internal addresses (ip-ranges.ts `internal`), any other only public ones.
 * Each hop of a redirect is a URL of its own and is decided again (Go's client runs every hop
 * through the same RoundTripper).
 */
import { ConfigError } from '../../config/config-error.js';
import type { AddressPolicy } from './ip-ranges.js';
import { compileUrlGlob, GlobSyntaxError, type UrlMatcher } from './url-glob.js';

export interface OutboundSettings {
  disallow_private_ip_ranges?: boolean;
  private_ip_exception_urls?: readonly string[];
}

export const EXCEPTIONS_KEY = 'clients.http.private_ip_exception_urls';

export class OutboundPolicy {
  private readonly exceptions: UrlMatcher[];

  /** Throws a ConfigError naming the entry when an exception is not a valid glob. */
  constructor(private readonly settings: OutboundSettings = {}) {
    this.exceptions = (settings.private_ip_exception_urls ?? []).map((pattern, index) => {
      try {
        return compileUrlGlob(pattern);
      } catch (error) {
        if (!(error instanceof GlobSyntaxError)) throw error;
        throw new ConfigError(`${EXCEPTIONS_KEY}.${index}: "${pattern}" is not a valid URL glob (${error.message})`);
      }
    });
  }

  get guarded(): boolean {
    return this.settings.disallow_private_ip_ranges === true;
  }

  /**
   * The addresses a request to `url` may connect to. With the setting off that is still not every
   * address: 0.0.0.0/8, 100.64/10, multicast, fe80::/10 and the other reserved ranges stay closed.
   */
  connectPolicyFor(url: URL, written?: string): AddressPolicy {
    return this.policyFor(url, written) ?? 'internal';
  }

  /** The addresses a registered `url` may resolve to, or undefined when registration checks nothing. `written` is the URL as given. */
  policyFor(url: URL, written?: string): AddressPolicy | undefined {
    if (!this.guarded) return undefined;
    const candidates = matchForms(url, written);
    return this.exceptions.some((matches) => candidates.some(matches)) ? 'internal' : 'public';
  }
}

/**
 * Hydra matches Go's serialization of the request URL without query and fragment, which keeps
 * the URL as written (no trailing "/" added, default port kept); WHATWG serialization normalizes
 * both. Either form of the same URL is accepted.
 */
function matchForms(url: URL, written: string | undefined): string[] {
  const credentials = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  const forms = [`${url.protocol}//${credentials}${url.host}${url.pathname}`];
  if (written !== undefined) forms.push(written.split('#')[0]!.split('?')[0]!);
  return forms;
}
