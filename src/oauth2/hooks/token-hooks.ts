/**
 * Hydra's access request hooks (driver/registry_sql.go AccessRequestHooks): before anything is
 * minted at the token endpoint, `oauth2.refresh_token_hook` for the refresh_token grant
 * (oauth2/refresh_hook.go), then `oauth2.token_hook` for every grant (oauth2/token_hook.go). When
 * both are set, a refresh calls both in that order and the token hook sees what the refresh
 * hook returned.
 *
 * Each is a JSON POST through the outbound guard (clients.http.disallow_private_ip_ranges), with
 * the retries and bounds of Hydra's client (hook-exchange.ts: 30 s in all) and a bounded answer
 * (5 MiB, Hydra's LimitReader). Hydra's executeHookAndUpdateSession decides the outcome:
 * - 200: the body's `session.access_token` becomes the access token's claims (`ext`) and
 *   `session.id_token` the ID token's extra claims; each replaces what was there (an absent one
 *   leaves none), as Hydra assigns session.Extra and IDTokenClaims().Extra;
 * - 204: the tokens are issued as they are;
 * - 403: access_denied, "The token hook target responded with an error.";
 * - any other status, or a 200 whose body does not decode: server_error with the same words;
 * - no answer (refused address, connection error, timeout), or a 429 or 5xx (501 aside) still
 *   there after the client's retries: server_error, "An error occurred while executing the token
 *   hook.".
 * The cause goes to error_debug (shown only with oauth2.expose_internal_errors) and to one log
 * line naming the hook's origin and path: never the body (it carries the session and the
 * assertion), the api key, or the hook's query string.
 */
import { STATUS_CODES } from 'node:http';
import { GoStruct, GoTypeError, decodeGoStruct } from '../../core/go-json.js';
import { errors } from '../../core/errors.js';
import { failureReason } from '../../http/outbound/outbound-errors.js';
import type { OutboundHttp } from '../../http/outbound/outbound-http.js';
import { HookAnswerTooLarge, HookUnreachable, exchangeWithHook, type HookExchangePolicy } from './hook-exchange.js';
import type { Issuance, IssuanceHooks } from '../tokens/token-responder.js';
import { refreshHookBody, tokenHookBody, type HookedIssuance, type SessionSettings } from './hook-body.js';
import { authHeaders, type HookTarget } from './hook-target.js';

/** Hydra's resilient client: ResilientClientWithConnectionTimeout(30 * time.Second). */
export const HOOK_TIMEOUT_MS = 30_000;
/** Hydra: io.LimitReader(resp.Body, 5<<20). */
export const HOOK_MAX_BYTES = 5 << 20;

/** flow.AcceptOAuth2ConsentRequestSession inside TokenHookResponse. */
const RESPONSE_SHAPE = new GoStruct({ session: new GoStruct({ access_token: 'object', id_token: 'object' }) });

export interface HookLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface TokenHookSettings {
  tokenHook?: HookTarget;
  refreshTokenHook?: HookTarget;
  session: SessionSettings;
  /** Hydra's client by default; tests shorten the budget and the waits. */
  exchange?: Partial<HookExchangePolicy>;
}

const DEFAULT_EXCHANGE: HookExchangePolicy = { budgetMs: HOOK_TIMEOUT_MS, maxBytes: HOOK_MAX_BYTES, maxRetries: 2, minWaitMs: 1_000, maxWaitMs: 30_000 };

export class TokenHooks implements IssuanceHooks {
  constructor(
    private readonly outbound: OutboundHttp,
    private readonly log: HookLog,
    private readonly settings: TokenHookSettings,
  ) {}

  get enabled(): boolean {
    return this.settings.tokenHook !== undefined || this.settings.refreshTokenHook !== undefined;
  }

  /** The issuance as the hooks leave it; throws the OAuthError Hydra answers with. */
  async apply(hooked: HookedIssuance): Promise<Issuance> {
    let current = hooked;
    const { tokenHook, refreshTokenHook, session } = this.settings;
    const grantTypes = (hooked.request.params.get('grant_type') ?? '').split(' ').filter(Boolean);
    // fosite Arguments.ExactOne("refresh_token").
    if (refreshTokenHook && grantTypes.length === 1 && grantTypes[0] === 'refresh_token') {
      current = { ...current, issuance: await this.call(refreshTokenHook, refreshHookBody(current, session), current.issuance) };
    }
    if (tokenHook) current = { ...current, issuance: await this.call(tokenHook, tokenHookBody(current, session), current.issuance) };
    return current.issuance;
  }

  private async call(target: HookTarget, body: Record<string, unknown>, issuance: Issuance): Promise<Issuance> {
    const where = hookLocation(target.url);
    const details = { client_id: issuance.client.client_id, hook_url: where };
    let status: number;
    let answer: Buffer;
    try {
      const response = await exchangeWithHook(this.outbound, target.url, {
        headers: { ...authHeaders(target), 'content-type': 'application/json; charset=UTF-8' },
        body: JSON.stringify(body),
        // The api key goes to the hook's own host only, never to where a redirect points.
        credentialHeaders: target.auth?.config.in === 'header' ? [target.auth.config.name] : [],
      }, { ...DEFAULT_EXCHANGE, ...this.settings.exchange });
      status = response.status;
      answer = response.body;
    } catch (error) {
      if (error instanceof HookAnswerTooLarge) {
        this.log.warn({ ...details, reason: error.message }, 'The token hook response could not be decoded');
        throw errors.tokenHookRefused.withDebug(`Response from token hook could not be decoded: ${error.message}`);
      }
      const reason = error instanceof HookUnreachable ? error.reason : failureReason(error);
      this.log.warn({ ...details, reason }, 'The token hook could not be executed');
      throw errors.tokenHookUnreachable.withDebug(`Unable to execute HTTP Request: ${reason}`);
    }
    if (status === 204) return issuance;
    if (status !== 200) {
      this.log.warn({ ...details, status }, 'The token hook responded with an error');
      // Go's resp.Status: "403 Forbidden".
      const debug = `Token hook responded with HTTP status code: ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
      if (status === 403) throw errors.tokenHookDenied.withDebug(debug);
      throw errors.tokenHookRefused.withDebug(debug);
    }
    let session: Record<string, unknown>;
    try {
      session = (decodeGoStruct(JSON.parse(answer.toString('utf8')), RESPONSE_SHAPE).session as Record<string, unknown> | undefined) ?? {};
    } catch (error) {
      const reason = error instanceof GoTypeError ? error.message : 'the body is not JSON';
      this.log.warn({ ...details, status, reason }, 'The token hook response could not be decoded');
      throw errors.tokenHookRefused.withDebug(`Response from token hook could not be decoded: ${reason}`);
    }
    const ext = (session.access_token as Record<string, unknown> | undefined) ?? {};
    const claims = (session.id_token as Record<string, unknown> | undefined) ?? {};
    return {
      ...issuance,
      ext,
      ...(issuance.idTokenSession ? { idTokenSession: { ...issuance.idTokenSession, claims } } : {}),
    };
  }
}

/** The hook's origin and path, for the log: a query string may carry a credential. */
function hookLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
