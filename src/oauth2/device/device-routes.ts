/**
 * HTTP adapters of RFC 8628 on the public listener: POST /oauth2/device/auth (§3.1), answered as
 * the token endpoint answers (JSON, no-store by the listener's cache policy, errors in RFC 6749
 * §5.2's shape).
 */
import type { PublicApp } from '../../http/surfaces/surface.js';
import { requireFormBody } from '../form-only.js';
import type { DeviceAuthorization } from './device-authorization.js';

export const DEVICE_AUTH_PATH = '/oauth2/device/auth';

export interface DevicePublicRouteDeps {
  authorization: DeviceAuthorization;
}

export function registerDevicePublicRoutes(app: PublicApp, { authorization }: DevicePublicRouteDeps): void {
  app.post(DEVICE_AUTH_PATH, async (request) => {
    requireFormBody(request);
    return authorization.handle(request.headers.authorization, request.body);
  });
}
