/**
 * Fetching a request object by reference (OIDC Core §6.2, RFC 9101 §5.2.3). Only a URL the client
 * registered in `request_uris`, compared as the exact string (fosite: slices.Contains), so a
 * request cannot make Tessera fetch an address of the requester's choosing; and only through the
 * outbound guard (clients.http.disallow_private_ip_ranges), bounded in time and size. Every
 * failure is fosite's invalid_request_uri, with the reason the guard words for the registrant.
 */
import { errors } from '../../core/errors.js';
import type { OutboundHttp } from '../../http/outbound/outbound-http.js';
import { OutboundRefusal, OutboundResponseError, OutboundTimeout } from '../../http/outbound/outbound-errors.js';

/** A request object is a JWT of a few kilobytes; fosite reads up to 10 MiB, Tessera 1 MiB (its form-body bound too). */
export const MAX_REQUEST_OBJECT_BYTES = 1 << 20;
/** The whole fetch, redirects included; it holds a browser request open, so well under the 30 s outbound bound. */
export const REQUEST_URI_TIMEOUT_MS = 10_000;
/** Go's client, which fosite fetches with, follows redirects; each hop is decided by the guard again. */
const MAX_REDIRECTS = 10;

export interface RequestUriFetcher {
  /** The request object at `location`, which the caller has matched against the client's request_uris. */
  fetch(location: string): Promise<string>;
}

export class GuardedRequestUriFetcher implements RequestUriFetcher {
  constructor(private readonly outbound: Pick<OutboundHttp, 'request'>) {}

  async fetch(location: string): Promise<string> {
    let response;
    try {
      response = await this.outbound.request(location, {
        headers: { accept: 'application/oauth-authz-req+jwt, application/jwt;q=0.9, */*;q=0.1' },
        timeoutMs: REQUEST_URI_TIMEOUT_MS,
        maxBytes: MAX_REQUEST_OBJECT_BYTES,
        maxRedirects: MAX_REDIRECTS,
      });
    } catch (error) {
      const { shown, debug } = fetchFailure(error);
      const refused = errors.invalidRequestUri.withHint(`Unable to fetch OpenID Connect request parameters from 'request_uri' because: ${shown}.`);
      throw debug ? refused.withDebug(debug) : refused;
    }
    if (response.status !== 200) {
      throw errors.invalidRequestUri.withHint(
        `Unable to fetch OpenID Connect request parameters from 'request_uri' because status code '200' was expected, but got '${response.status}'.`,
      );
    }
    return response.body.toString('utf8').trim();
  }
}

/**
 * What the registrant may read: the guard's own messages (worded so as not to map the internal
 * network, outbound-errors.ts), else that the request failed. The socket error's code (refused,
 * reset, timed out) would tell a registrant which internal ports answer, so it goes to
 * error_debug only, which oauth2.expose_internal_errors shows to operators who ask for it.
 */
function fetchFailure(error: unknown): { shown: string; debug?: string } {
  if (error instanceof OutboundRefusal || error instanceof OutboundTimeout || error instanceof OutboundResponseError) return { shown: error.message };
  const code = (error as { code?: unknown }).code;
  return { shown: 'the request failed', ...(typeof code === 'string' ? { debug: `the request failed (${code})` } : {}) };
}
