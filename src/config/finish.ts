/**
 * The rules that span keys or need more than the schema, applied once the schema has passed:
 * secrets (required, or generated under --dev; cookie and pagination secrets default to the
 * system ones), the self URLs (an HTTPS issuer outside development, as Hydra), and durations.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from './config-error.js';
import { parseDuration } from './duration.js';
import type { TesseraConfig } from './types.js';

/** secrets.system is required (Hydra refuses to start without it); --dev may generate one. */
export function finishSecrets(config: TesseraConfig, warnings: string[]): void {
  const system = config.secrets.system ?? [];
  if (system.length === 0) {
    if (!config.dev) {
      throw new ConfigError(
        'secrets.system is not set: set SECRETS_SYSTEM (at least 16 characters) or secrets.system in the config file. ' +
          'Only --dev may run without it, with a secret generated for this process.',
      );
    }
    system.push(randomBytes(24).toString('base64url'));
    warnings.push(
      'secrets.system is not set: --dev generated a random one for this process. Everything it encrypts or signs is lost at restart.',
    );
  }
  config.secrets.system = system;
  if (!config.secrets.cookie || config.secrets.cookie.length === 0) config.secrets.cookie = system;
  if (!config.secrets.pagination || config.secrets.pagination.length === 0) config.secrets.pagination = system;
}

export function finishUrls(config: TesseraConfig, forceHttp: boolean): void {
  const publicPort = config.serve.public.port;
  // Without urls.self.*, the local public listener: HTTPS unless plain HTTP was asked for, as
  // Hydra's default base_url (ory/x configx Serve: https unless --dev).
  const scheme = config.dev || forceHttp ? 'http' : 'https';
  const fallbackPublic = `${scheme}://127.0.0.1:${publicPort}/`;
  const self = config.urls.self;
  self.public = withTrailingSlash(self.public ?? self.issuer ?? fallbackPublic);
  self.issuer = self.issuer ?? self.public;
  resolveUiUrls(config);
  if (!config.dev && !forceHttp && new URL(self.issuer).protocol !== 'https:') {
    const host = new URL(self.issuer).hostname;
    if (host !== 'localhost' && host !== '127.0.0.1' && host !== '[::1]') {
      // Hydra's rule: outside --dev the issuer must be HTTPS (OpenID Connect Discovery §3 requires https).
      throw new ConfigError(`urls.self.issuer: value "${self.issuer}" must use https (or run with --dev or --dangerous-force-http)`);
    }
  }
}

const UI_URL_KEYS = ['login', 'consent', 'logout', 'error', 'post_logout_redirect'] as const;

/**
 * Hydra takes these as URI references (spec/config.json `format: uri-reference`, examples
 * `/ui/login`) and redirects the browser to the reference as written, which the browser resolves
 * against the public endpoint it is on. A path-absolute reference is resolved here against
 * urls.self.public, which names the same origin. A path-relative one (`ui/login`) would land under
 * whichever endpoint redirected (/oauth2/..., /oauth2/sessions/...): refused rather than guessed.
 */
function resolveUiUrls(config: TesseraConfig): void {
  const urls = config.urls as unknown as Record<string, string | undefined>;
  for (const key of UI_URL_KEYS) {
    const value = urls[key];
    if (value === undefined || URL.canParse(value)) continue;
    if (!value.startsWith('/') || value.startsWith('//')) {
      throw new ConfigError(`urls.${key}: value "${value}" must be an absolute URL or a path starting with "/" (served on the public origin)`);
    }
    urls[key] = new URL(value, config.urls.self.public).toString();
  }
}

function withTrailingSlash(value: string): string {
  return value.endsWith('/') ? value : `${value}/`;
}

/**
 * Hydra's schema takes a ttl as a duration, and only ttl.refresh_token also as -1 or "-1" (never
 * expires; fosite issues no expiry when the lifespan is -1). -1 is kept as the string "-1", the
 * form every reader of ttl.refresh_token parses; any other negative lifespan is refused.
 */
export function checkDurations(config: TesseraConfig): void {
  const ttl = config.ttl as Record<string, string | number>;
  if (ttl.refresh_token === -1) ttl.refresh_token = '-1';
  for (const [key, value] of Object.entries(ttl)) {
    let ms: number;
    try {
      ms = parseDuration(String(value));
    } catch (error) {
      throw new ConfigError(`ttl.${key}: ${(error as Error).message}`);
    }
    if (ms < 0 && !(key === 'refresh_token' && value === '-1')) {
      const also = key === 'refresh_token' ? '; only -1 means never expires' : '';
      throw new ConfigError(`ttl.${key}: value ${JSON.stringify(value)} must not be negative${also}`);
    }
  }
}

/**
 * Hydra refuses to start (config provider SubjectTypesSupported) when pairwise subjects are on
 * with a salt under 8 characters: OIDC Core §8.1 pairwise values must not be guessable from the
 * local subject and the sector alone. Under JWT access tokens pairwise is withdrawn, so no salt is needed.
 */
export function checkPairwiseSalt(config: TesseraConfig): void {
  const { supported_types: types, pairwise } = config.oidc.subject_identifiers;
  if (!types.includes('pairwise') || config.strategies.access_token === 'jwt') return;
  const length = pairwise?.salt?.length ?? 0;
  if (length < 8) {
    throw new ConfigError(
      `oidc.subject_identifiers.pairwise.salt: the pairwise subject identifier algorithm is enabled but the salt is too short (${length} < 8); set it to a random string of 8 characters or more.`,
    );
  }
}

/**
 * serve.public|admin.socket.mode: Unix permission bits, written the way `chmod` takes them.
 * Hydra's production guide writes `mode: 770` in YAML and means rwxrwx---, but YAML 1.2 reads
 * `770` as the decimal number 770 (Hydra then applies 0o1402, which is not what anyone meant).
 * So an integer whose decimal digits are all 0-7 is read as octal digits (770 → 0o770,
 * 755 → 0o755), as is the string "0770"; an integer with an 8 or a 9 is taken as the number of
 * the bits (493 → 0o755, as a JSON writer of 0o755 would send). The price: a decimal value
 * written with octal-looking digits (420 for 0o644) means 0o420, so write the octal digits.
 */
export function finishSocketModes(config: TesseraConfig): void {
  for (const name of ['public', 'admin'] as const) {
    const socket = config.serve[name].socket as { mode: number | string };
    socket.mode = socketModeBits(socket.mode, `serve.${name}.socket.mode`);
  }
}

export function socketModeBits(value: number | string, key: string): number {
  const digits = String(value);
  const bits = /^0?[0-7]{1,3}$/.test(digits) ? Number.parseInt(digits, 8) : Number(value);
  if (!Number.isInteger(bits) || bits < 0 || bits > 0o777) {
    throw new ConfigError(`${key}: value ${JSON.stringify(value)} is not a Unix permission mode; write its octal digits, e.g. 770 or "0770"`);
  }
  return bits;
}
