/**
 * The browser binding of a flow (RFC 6749 §10.12; Hydra advisory #753 / PR #770, session
 * fixation): each step sets a CSRF cookie whose value the flow records, and the verifier is only
 * honoured in the browser that carries it. Names follow Hydra: configured name, `_dev` under
 * --dev, then `_` + murmur3(client_id) (consent/strategy_default.go, client/client.go). Values are
 * MACed with secrets.cookie (HMAC-SHA-256; any listed secret verifies, so it can rotate).
 * Flags follow Hydra's config/provider.go: HttpOnly; Secure unless --dev (serve.cookies.secure
 * may force it); SameSite=None only for an https issuer (browsers drop it otherwise), else Lax.
 */
import { createHmac } from 'node:crypto';
import type { TesseraConfig } from '../config/types.js';
import { murmur3 } from './murmur3.js';
import { sameSecret } from './step-secret.js';

/**
 * `device`: the device verification page's (RFC 8628, serve.cookies.names.device_csrf), set before
 * any client is known, so its name carries no client suffix (Hydra CookieNameDeviceCSRF).
 */
export type CsrfKind = 'login' | 'consent' | 'device';

export class FlowCookies {
  private readonly keys: string[];
  readonly secure: boolean;
  readonly sameSite: string;

  constructor(private readonly config: TesseraConfig) {
    this.keys = config.secrets.cookie.length > 0 ? config.secrets.cookie : config.secrets.system;
    this.secure = config.serve.cookies.secure ?? !config.dev;
    const mode = config.serve.cookies.same_site_mode;
    const httpsIssuer = config.urls.self.issuer.startsWith('https:');
    this.sameSite = mode === 'None' && !httpsIssuer ? 'Lax' : mode;
  }

  name(kind: CsrfKind, clientId: string): string {
    const names = this.config.serve.cookies.names;
    if (kind === 'device') return `${names.device_csrf}${this.config.dev ? '_dev' : ''}`;
    const base = kind === 'login' ? names.login_csrf : names.consent_csrf;
    return `${base}${this.config.dev ? '_dev' : ''}_${murmur3(clientId)}`;
  }

  /** A Set-Cookie header value carrying `value` for `maxAgeMs`. */
  set(kind: CsrfKind, clientId: string, value: string, maxAgeMs: number): string {
    const parts = [`${this.name(kind, clientId)}=${value}.${this.mac(this.keys[0]!, value)}`, 'Path=/', `Max-Age=${Math.floor(maxAgeMs / 1000)}`, 'HttpOnly'];
    if (this.config.serve.cookies.domain) parts.push(`Domain=${this.config.serve.cookies.domain}`);
    if (this.secure) parts.push('Secure');
    parts.push(`SameSite=${this.sameSite}`);
    return parts.join('; ');
  }

  /** Whether the Cookie header holds a correctly MACed CSRF cookie whose value is `expected`. */
  matches(cookieHeader: string | undefined, kind: CsrfKind, clientId: string, expected: string): 'missing' | 'mismatch' | 'ok' {
    const raw = readCookie(cookieHeader, this.name(kind, clientId));
    if (raw === undefined) return 'missing';
    const dot = raw.lastIndexOf('.');
    const value = raw.slice(0, dot);
    const tag = raw.slice(dot + 1);
    if (dot <= 0 || !this.keys.some((key) => sameSecret(this.mac(key, value), tag))) return 'mismatch';
    return sameSecret(value, expected) ? 'ok' : 'mismatch';
  }

  private mac(key: string, value: string): string {
    return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
  }
}

/** RFC 6265 §5.4 Cookie header: `a=b; c=d`. The first cookie of a name wins. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
