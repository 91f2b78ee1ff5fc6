/**
 * What an outbound request can fail with, worded so that a caller may show the message to the
 * party that registered the URL, and log `reason()` for the operator. Neither ever contains a
 * request body (a logout token) or a query string.
 */

/**
 * A destination refused by clients.http.disallow_private_ip_ranges, or a reserved range refused
 * whatever the setting says (outbound-policy.ts connectPolicyFor). The message is ory/x ipx's
 * (ssrf.go): a refused name reads as an unknown host and a refused IP as an unreachable one, so
 * that whoever registers URLs cannot map the internal network through error messages; `detail`
 * names the address and range, for the log only.
 */
export class OutboundRefusal extends Error {
  readonly code = 'ERR_OUTBOUND_REFUSED';

  constructor(
    host: string,
    isAddress: boolean,
    readonly detail: string,
  ) {
    super(isAddress ? 'dial tcp: no route to host' : `dial tcp: lookup ${host}: no such host`);
    this.name = 'OutboundRefusal';
  }
}

/** The whole exchange (every hop, connect to last byte) took longer than its bound. */
export class OutboundTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** A response this client will not accept: too large, too many redirects, a bad Location. */
export class OutboundResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundResponseError';
  }
}

/** A one-line reason for the operator's log. */
export function failureReason(error: unknown): string {
  if (error instanceof OutboundRefusal) return `${error.detail}; refused as an outbound destination (clients.http.disallow_private_ip_ranges and the reserved ranges)`;
  if (error instanceof OutboundTimeout || error instanceof OutboundResponseError) return error.message;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : (error as Error).message ?? String(error);
}
