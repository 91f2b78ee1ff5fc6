/**
 * The device side of RFC 8628 for `perform device-code`, as Hydra's CLI does it with
 * golang.org/x/oauth2 (DeviceAuth, then DeviceAccessToken): ask for a device code (§3.1), then
 * poll the token endpoint (§3.4) every `interval` seconds, 5 more after each slow_down (§3.5),
 * while the answer is authorization_pending, until the tokens come, another error comes, or the
 * device code expires. The client authenticates in the body (client_id, and client_secret when it
 * has one), so it must be registered for `none` or `client_secret_post`, as Hydra's help says.
 */
import { ApiClient } from './http/api-client.js';
import { ApiError } from './http/api-error.js';
import type { Connection } from './http/connection.js';
import { CliError } from './fail.js';
import type { TokenResponse } from './token-api.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 §3.2. */
export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
}

export interface DeviceCodeRequest {
  clientId: string;
  clientSecret?: string;
  scope: string[];
  audience: string[];
}

export interface DeviceCodeUrls {
  /** --device-auth-url, else <endpoint>/oauth2/device/auth. */
  deviceAuthUrl?: string;
  /** --token-url, else <endpoint>/oauth2/token. */
  tokenUrl?: string;
}

export class DeviceCodeClient {
  constructor(
    private readonly connection: Connection,
    private readonly urls: DeviceCodeUrls = {},
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async authorize(request: DeviceCodeRequest): Promise<DeviceAuthorization> {
    const form = {
      ...this.credentials(request),
      scope: request.scope.length > 0 ? request.scope.join(' ') : undefined,
      audience: request.audience.length > 0 ? request.audience.join(' ') : undefined,
    };
    const { body } = await this.post(this.urls.deviceAuthUrl, '/oauth2/device/auth', form).catch((error: unknown) => {
      throw failed('Failed to perform the device authorization request', error);
    });
    const answer = body as Partial<DeviceAuthorization> | undefined;
    if (!answer || typeof answer.device_code !== 'string' || typeof answer.user_code !== 'string' || typeof answer.verification_uri !== 'string') {
      throw new CliError('Failed to perform the device authorization request: the server answered without a device code (RFC 8628 §3.2).');
    }
    return answer as DeviceAuthorization;
  }

  /** Polls until the user has finished; `now` is the clock the expiry is measured on. */
  async poll(request: DeviceCodeRequest, device: DeviceAuthorization, now: () => number = Date.now): Promise<TokenResponse> {
    const deadline = now() + device.expires_in * 1000;
    let intervalMs = Math.max(1, device.interval ?? 5) * 1000;
    const form = { ...this.credentials(request), grant_type: DEVICE_CODE_GRANT, device_code: device.device_code };
    for (;;) {
      await this.sleep(intervalMs);
      if (now() > deadline) throw new CliError('Failed to perform the device token request: the device code expired before the user finished.');
      try {
        const { body } = await this.post(this.urls.tokenUrl, '/oauth2/token', form);
        const token = body as Partial<TokenResponse> | undefined;
        if (!token || typeof token.access_token !== 'string') throw new CliError('Failed to perform the device token request: the server answered without an access_token.');
        return token as TokenResponse;
      } catch (error) {
        const code = error instanceof ApiError ? (error.body as { error?: unknown } | undefined)?.error : undefined;
        if (code === 'authorization_pending') continue;
        if (code === 'slow_down') {
          intervalMs += 5000;
          continue;
        }
        throw failed('Failed to perform the device token request', error);
      }
    }
  }

  private credentials(request: DeviceCodeRequest): Record<string, string | undefined> {
    return { client_id: request.clientId, client_secret: request.clientSecret || undefined };
  }

  private post(override: string | undefined, path: string, form: Record<string, string | undefined>) {
    if (!override) return new ApiClient(this.connection).send('POST', path, { form });
    return new ApiClient({ ...this.connection, endpoint: new URL(override) }).send('POST', '', { form });
  }
}

/** As Hydra prints it: "<what>: " and the OAuth error (`oauth2: "<error>" "<description>"`). */
function failed(what: string, error: unknown): CliError {
  if (error instanceof CliError && !(error instanceof ApiError)) return error;
  if (error instanceof ApiError) {
    const body = error.body as { error?: unknown; error_description?: unknown } | undefined;
    if (body && typeof body.error === 'string') {
      const description = typeof body.error_description === 'string' ? ` ${JSON.stringify(body.error_description)}` : '';
      return new CliError(`${what}: oauth2: ${JSON.stringify(body.error)}${description}`);
    }
    return new CliError(`${what}: ${error.status} ${error.rawBody}`);
  }
  return new CliError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
}
