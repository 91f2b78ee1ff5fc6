/**
 * When a remembered login or consent lets the UI skip (hydra-contract.md §6, Hydra strategy_default.go).
 * The login or consent app is still asked, with `skip: true`, and must accept again; skipping only
 * tells it that the user need not be shown a form.
 */
import type { AuthorizeRequest, ConsentResult } from './flow-model.js';
import type { FlowRecord } from './flow-store.js';
import type { RememberedLogin } from './login-session-cookie.js';

/**
 * OIDC Core §3.1.2.1: prompt=login (and select_account) MUST re-authenticate; a login older than
 * max_age MUST be redone, and max_age=0 is prompt=login (OIDF conformance #993).
 */
export function canSkipLogin(request: AuthorizeRequest, remembered: RememberedLogin | undefined, nowMs: number): remembered is RememberedLogin {
  if (!remembered) return false;
  if (request.prompt.includes('login') || request.prompt.includes('select_account')) return false;
  if (request.maxAge !== undefined && (request.maxAge === 0 || nowMs / 1000 - remembered.authTime > request.maxAge)) return false;
  return true;
}

/**
 * Hydra's rule: the newest remembered, unexpired consent of this subject and client must cover
 * every requested scope (and, stricter than Hydra, audience); prompt=consent always shows the UI
 * (OIDC Core §3.1.2.1). RFC 6749 §10.2: a public client's identity is not assured, so its consent
 * is reused only for https or loopback http redirects, as Hydra (strategy_default.go) does.
 */
export function rememberedConsent(request: AuthorizeRequest, isPublic: boolean, candidates: FlowRecord[], nowMs: number): ConsentResult | undefined {
  if (request.prompt.includes('consent')) return undefined;
  if (isPublic && !assuredRedirect(request.redirectUri)) return undefined;
  const now = nowMs / 1000;
  const newest = candidates
    .map((flow) => flow.data.consent)
    .find((consent) => consent && consent.remember && (consent.remember_for === 0 || consent.handled_at + consent.remember_for > now));
  if (!newest) return undefined;
  const covers = (granted: string[], wanted: string[]) => wanted.every((w) => granted.includes(w));
  if (!covers(newest.grant_scope, request.scope) || !covers(newest.grant_access_token_audience, request.audience)) return undefined;
  return newest;
}

function assuredRedirect(uri: string): boolean {
  const url = new URL(uri);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}
