import { assertCsrfSecret } from './csrf.js';

/**
 * The app's settings, read from the same variables as hydra-login-consent-node so that the seed
 * guides' `-e HYDRA_ADMIN_URL=... -p 9020:3000` work unchanged.
 */

export interface LoginConsentConfig {
  /** Where Tessera's (or Hydra's) admin API listens. */
  hydraAdminUrl: string;
  /**
   * HYDRA_ADMIN_TOKEN: the bearer token sent to an admin API that requires one (Tessera's
   * serve.admin.auth); the same variable the CLI reads. Unset against Hydra or an open admin API.
   */
  hydraAdminToken?: string;
  /**
   * HYDRA_PUBLIC_URL: the public API, where the device page sends a user who arrived without a
   * device challenge (RFC 8628: the verification URI the device shows) to get one.
   */
  hydraPublicUrl?: string;
  /** The port the pages are served on; 0 picks a free one (tests). */
  port: number;
  /** The interface to bind; loopback unless told otherwise, since the demo account is public. */
  host: string;
  /**
   * CSRF_SECRET: the key that signs the CSRF cookies, the same on every instance behind one load
   * balancer. Unset: a random key per process (one instance, `npm start`).
   */
  csrfSecret?: string;
}

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:4445';
export const DEFAULT_PORT = 3000;
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:4444';

export function readConfig(env: NodeJS.ProcessEnv = process.env): LoginConsentConfig {
  const hydraAdminUrl = env.HYDRA_ADMIN_URL?.trim() || DEFAULT_ADMIN_URL;
  try {
    new URL(hydraAdminUrl);
  } catch {
    throw new Error(`HYDRA_ADMIN_URL is not a URL: ${hydraAdminUrl}`);
  }
  const rawPort = env.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), got: ${rawPort}`);
  }
  const hydraAdminToken = env.HYDRA_ADMIN_TOKEN?.trim() || undefined;
  const csrfSecret = env.CSRF_SECRET?.trim() || undefined;
  if (csrfSecret !== undefined) assertCsrfSecret(csrfSecret);
  const hydraPublicUrl = env.HYDRA_PUBLIC_URL?.trim() || DEFAULT_PUBLIC_URL;
  try {
    new URL(hydraPublicUrl);
  } catch {
    throw new Error(`HYDRA_PUBLIC_URL is not a URL: ${hydraPublicUrl}`);
  }
  return { hydraAdminUrl, hydraAdminToken, hydraPublicUrl, port, host: env.HOST?.trim() || '127.0.0.1', csrfSecret };
}
