/**
 * The remembered login (Hydra's `ory_hydra_session` cookie, `_dev` under --dev): set when a login
 * is accepted with `remember`, read at the next authorization request to offer `skip`. Its value
 * is sealed (AES-256-GCM) under secrets.cookie, so the browser can neither read nor forge the
 * subject it names; any listed secret opens it, so secrets.cookie can rotate.
 * remember_for 0 means a browser-session cookie (hydra-contract.md §6); the session itself never outlives
 * ttl.authentication_session.
 */
import { DecryptionError, type Aead } from '../crypto/aead.js';
import type { TesseraConfig } from '../config/types.js';
import { readCookie } from './flow-cookies.js';

export interface RememberedLogin {
  sid: string;
  subject: string;
  /** Epoch seconds of the authentication the session remembers (OIDC Core §2 auth_time). */
  authTime: number;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds when the cookie was set; revocations by subject compare against it. */
  issuedAt?: number;
}

const PURPOSE = 'ory_hydra_session';

export class LoginSessionCookie {
  readonly name: string;

  /** `aead` seals under secrets.cookie, or secrets.system when none is set (registry/flows.ts). */
  constructor(
    private readonly aead: Aead,
    private readonly config: TesseraConfig,
    private readonly sessionTtlMs: number,
    private readonly flags: { secure: boolean; sameSite: string },
  ) {
    this.name = `${config.serve.cookies.names.session}${config.dev ? '_dev' : ''}`;
  }

  read(header: string | undefined, now: number): RememberedLogin | undefined {
    const raw = readCookie(header, this.name);
    if (!raw) return undefined;
    try {
      const login = JSON.parse(this.aead.openText(raw, PURPOSE)) as RememberedLogin;
      return login.expiresAt > now ? login : undefined;
    } catch (error) {
      if (error instanceof DecryptionError || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  /** Epoch ms when a cookie set now with this remember_for stops naming its session. */
  expiryOf(rememberForSeconds: number, now: number): number {
    return now + this.lifetimeMs(rememberForSeconds);
  }

  private lifetimeMs(rememberForSeconds: number): number {
    return rememberForSeconds > 0 ? Math.min(rememberForSeconds * 1000, this.sessionTtlMs) : this.sessionTtlMs;
  }

  set(login: Omit<RememberedLogin, 'expiresAt' | 'issuedAt'>, rememberForSeconds: number, now: number): string {
    const lifetimeMs = this.lifetimeMs(rememberForSeconds);
    const value = this.aead.seal(JSON.stringify({ ...login, issuedAt: now, expiresAt: now + lifetimeMs }), PURPOSE);
    return this.header(value, rememberForSeconds > 0 ? Math.floor(lifetimeMs / 1000) : undefined);
  }

  /** Hydra forgets the session when a login is accepted without remember (strategy_default.go). */
  clear(): string {
    return this.header('', 0);
  }

  private header(value: string, maxAge: number | undefined): string {
    const parts = [`${this.name}=${value}`, `Path=${this.config.serve.cookies.paths.session}`];
    if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
    parts.push('HttpOnly');
    if (this.config.serve.cookies.domain) parts.push(`Domain=${this.config.serve.cookies.domain}`);
    if (this.flags.secure) parts.push('Secure');
    parts.push(`SameSite=${this.flags.sameSite}`);
    return parts.join('; ');
  }
}
