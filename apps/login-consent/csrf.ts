/**
 * CSRF protection of the app's own forms (signed double-submit cookie): a random token lives in
 * an HttpOnly, SameSite=Lax cookie signed with an HMAC key, and the same token rides in a hidden
 * form field. A POST passes only when the cookie's signature holds and both tokens match.
 * A cross-site page can make the browser send the cookie (top-level POSTs are not sent under Lax,
 * but older browsers ignore SameSite) yet cannot read it to fill the field.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CSRF_COOKIE = 'tessera_login_consent_csrf';
export const CSRF_FIELD = '_csrf';

/** The shortest CSRF_SECRET accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const MIN_CSRF_SECRET_LENGTH = 32;

/**
 * Refuses a key too short to resist guessing, naming only its length, never the key. Hydra's own
 * hydra-login-consent-node keeps csurf's per-browser secret in a cookie and has no such setting.
 */
export function assertCsrfSecret(secret: string): void {
  if (secret.length < MIN_CSRF_SECRET_LENGTH) {
    throw new Error(`CSRF_SECRET must be at least ${MIN_CSRF_SECRET_LENGTH} characters long (got ${secret.length}); generate one with: openssl rand -hex 32`);
  }
}

export class Csrf {
  readonly #key: Buffer;

  /**
   * `secret` (CSRF_SECRET) is shared by every instance behind one load balancer, so that a form
   * rendered by one is accepted by another. Without it the key is random per process: fine for a
   * single instance, where a restart only costs open forms a reload.
   */
  constructor(secret?: string) {
    if (secret !== undefined) assertCsrfSecret(secret);
    this.#key = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  /** The token for this browser's forms: the one its cookie holds, or a new one set now. */
  issue(request: FastifyRequest, reply: FastifyReply): string {
    const existing = this.#fromCookie(request);
    if (existing) return existing;
    const token = randomBytes(32).toString('base64url');
    reply.header(
      'set-cookie',
      `${CSRF_COOKIE}=${token}.${this.#sign(token)}; Path=/; HttpOnly; SameSite=Lax`,
    );
    return token;
  }

  /** True when the form's token equals the cookie's and the cookie was signed with this key. */
  verify(request: FastifyRequest, submitted: unknown): boolean {
    const expected = this.#fromCookie(request);
    if (!expected || typeof submitted !== 'string') return false;
    return equal(expected, submitted);
  }

  #fromCookie(request: FastifyRequest): string | undefined {
    const value = readCookie(request.headers.cookie, CSRF_COOKIE);
    const dot = value?.indexOf('.') ?? -1;
    if (!value || dot < 1) return undefined;
    const token = value.slice(0, dot);
    return equal(value.slice(dot + 1), this.#sign(token)) ? token : undefined;
  }

  #sign(token: string): string {
    return createHmac('sha256', this.#key).update(token).digest('base64url');
  }
}

/** Constant-time equality of two strings (of any length; lengths alone leak nothing secret). */
function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** One cookie's value from a Cookie header; the first wins, since browsers send the most specific path first. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  let found: string | undefined;
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    found ??= part.slice(eq + 1).trim();
  }
  return found;
}
