/**
 * One hook call as Hydra's HTTP client makes it (driver/registry_sql.go HTTPClient: ory/x
 * NewResilientClient over hashicorp go-retryablehttp, MaxRetry 2, 30 s per attempt): redirects
 * followed as Go's client does (at most 10; 301/302/303 continue as GET), and a failed attempt
 * tried again, at most twice, when go-retryablehttp's DefaultRetryPolicy would: a connection
 * error, a 429, or a 5xx other than 501. The wait between attempts is its DefaultBackoff (1 s,
 * then 2 s; a 429 or 503 with Retry-After in seconds waits that long).
 *
 * Two deliberate bounds beyond Hydra's: every attempt and wait shares one budget (30 s, Hydra's
 * per-attempt timeout) so a token request never waits for 90 s; and an address refused by the
 * outbound guard, a timeout, or a redirect loop is not tried again, since a retry cannot change
 * its outcome. With no attempt left, go-retryablehttp gives up with an error (no ErrorHandler is
 * set), which Hydra reports as a hook it could not execute: HookUnreachable here.
 */
import { STATUS_CODES } from 'node:http';
import { OutboundRefusal, OutboundResponseError, OutboundTimeout, failureReason } from '../../http/outbound/outbound-errors.js';
import { MAX_REDIRECTS, type OutboundHttp, type OutboundResponse } from '../../http/outbound/outbound-http.js';

export interface HookExchangePolicy {
  /** The whole call: every attempt and every wait. */
  budgetMs: number;
  maxBytes: number;
  /** go-retryablehttp RetryMax (Hydra: 2). */
  maxRetries: number;
  /** go-retryablehttp RetryWaitMin (1 s) and RetryWaitMax (30 s). */
  minWaitMs: number;
  maxWaitMs: number;
}

/** The hook could not be reached, or gave no acceptable answer within its attempts. */
export class HookUnreachable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'HookUnreachable';
  }
}

/** The answer was larger than the bound: Hydra's LimitReader cuts it, and its JSON does not decode. */
export class HookAnswerTooLarge extends Error {}

export async function exchangeWithHook(
  outbound: OutboundHttp,
  url: string,
  request: { headers: Record<string, string>; body: string; credentialHeaders?: readonly string[] },
  policy: HookExchangePolicy,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<OutboundResponse> {
  const deadline = Date.now() + policy.budgetMs;
  for (let attempt = 0; ; attempt += 1) {
    let reason: string;
    let waitMs = backoff(attempt, policy);
    try {
      const response = await outbound.request(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        timeoutMs: Math.max(1, deadline - Date.now()),
        maxBytes: policy.maxBytes,
        maxRedirects: MAX_REDIRECTS,
        credentialHeaders: request.credentialHeaders,
      });
      if (!retriedStatus(response.status)) return response;
      reason = `unexpected HTTP status ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd();
      waitMs = retryAfter(response) ?? waitMs;
    } catch (error) {
      if (error instanceof OutboundResponseError && /larger than/.test(error.message)) throw new HookAnswerTooLarge(error.message);
      if (error instanceof OutboundRefusal || error instanceof OutboundTimeout || error instanceof OutboundResponseError) {
        throw new HookUnreachable(failureReason(error));
      }
      reason = failureReason(error);
    }
    if (attempt >= policy.maxRetries || Date.now() + waitMs >= deadline) {
      throw new HookUnreachable(`giving up after ${attempt + 1} attempt(s): ${reason}`);
    }
    await sleep(waitMs);
  }
}

/** go-retryablehttp DefaultRetryPolicy on a response: 429, and 5xx but 501 Not Implemented. */
function retriedStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/** go-retryablehttp DefaultBackoff: min * 2^attempt, at most max. */
function backoff(attempt: number, policy: HookExchangePolicy): number {
  return Math.min(policy.minWaitMs * 2 ** attempt, policy.maxWaitMs);
}

function retryAfter(response: OutboundResponse): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const value = response.headers['retry-after'];
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}
