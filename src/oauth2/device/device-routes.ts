/**
 * HTTP adapters of RFC 8628. Public listener: POST /oauth2/device/auth (§3.1), answered as the
 * token endpoint answers (JSON, no-store by the listener's cache policy, errors in RFC 6749 §5.2's
 * shape); GET /oauth2/device/verify (§3.3), whose answers are 302 redirects (errors in Hydra's
 * JSON shape, as Hydra writes them there). Admin listener: PUT
 * /admin/oauth2/auth/requests/device/accept?device_challenge=… (Hydra consent/handler.go).
 */
import type { AdminApp, PublicApp } from '../../http/surfaces/surface.js';
import { FormParameters } from '../../core/form-parameters.js';
import { requireFormBody } from '../form-only.js';
import type { DeviceAuthorization } from './device-authorization.js';
import type { DeviceVerification } from './device-verification.js';
import type { DeviceAdmin } from './device-admin.js';

export const DEVICE_AUTH_PATH = '/oauth2/device/auth';
export const DEVICE_VERIFY_PATH = '/oauth2/device/verify';

export interface DevicePublicRouteDeps {
  authorization: DeviceAuthorization;
  verification: DeviceVerification;
}

export function registerDevicePublicRoutes(app: PublicApp, { authorization, verification }: DevicePublicRouteDeps): void {
  app.post(DEVICE_AUTH_PATH, async (request) => {
    requireFormBody(request);
    return authorization.handle(request.headers.authorization, request.body);
  });

  app.get(DEVICE_VERIFY_PATH, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const outcome = await verification.handle(FormParameters.from(request.query), request.headers.cookie);
    if (outcome.cookies.length > 0) reply.header('set-cookie', outcome.cookies);
    return reply.redirect(outcome.location, 302);
  });
}

export interface DeviceAdminRouteDeps {
  admin: DeviceAdmin;
}

export function registerDeviceAdminRoutes(app: AdminApp, { admin }: DeviceAdminRouteDeps): void {
  app.put('/admin/oauth2/auth/requests/device/accept', async (request) => {
    const challenge = (request.query as Record<string, unknown>).device_challenge;
    return admin.acceptUserCode(typeof challenge === 'string' ? challenge : undefined, request.body);
  });
}
