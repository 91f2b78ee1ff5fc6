/**
 * GET and POST /device: the device verification UI (urls.device.verification) of RFC 8628. The
 * server sends the browser here with a device challenge (and the user code when the link carried
 * one); the page sends the code the user typed to the admin API (acceptUserCodeRequest) and
 * follows the server back into the usual login and consent. A wrong code shows the form again;
 * after too many (429) the user must start again from the device's link. GET /device/done is the
 * page to set as urls.device.success.
 */
import type { FastifyInstance } from 'fastify';
import { devicePage, deviceDonePage } from '../templates/device-page.js';
import { checkedForm, followRedirect, queryChallenge, sendAdminFailure, sendError, sendPage, single, type AppContext } from './context.js';

const WRONG_CODE = 'That code is not valid. Check the code on your device and try again.';

export function registerDeviceRoutes(app: FastifyInstance, context: AppContext, hydraPublicUrl: string): void {
  const { hydra, csrf } = context;

  app.get('/device', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const userCode = query.user_code;
    // Arrived from the device's verification URI: the server makes a device challenge (and sets
    // its CSRF cookie) at /oauth2/device/verify, then sends the browser back here with it.
    if (query.device_challenge === undefined) {
      const verify = new URL('oauth2/device/verify', hydraPublicUrl.endsWith('/') ? hydraPublicUrl : `${hydraPublicUrl}/`);
      if (typeof userCode === 'string') verify.searchParams.set('user_code', userCode.slice(0, 64));
      return followRedirect(reply, verify.toString());
    }
    const challenge = queryChallenge(request, reply, 'device_challenge');
    if (!challenge) return reply;
    return sendPage(reply, devicePage({
      challenge,
      csrfToken: csrf.issue(request, reply),
      ...(typeof userCode === 'string' ? { userCode: userCode.slice(0, 64) } : {}),
    }));
  });

  app.post('/device', async (request, reply) => {
    const form = checkedForm(context, request, reply);
    if (!form) return reply;
    const challenge = single(form.challenge)!;
    const userCode = (single(form.user_code) ?? '').trim();
    try {
      const { data } = await hydra.acceptUserCodeRequest({ deviceChallenge: challenge, acceptDeviceUserCodeRequest: { user_code: userCode } });
      return followRedirect(reply, data.redirect_to);
    } catch (error) {
      const status = (error as { response?: { status?: number } }).response?.status;
      if (status === 400) {
        return sendPage(reply, devicePage({ challenge, csrfToken: csrf.issue(request, reply), userCode, error: WRONG_CODE }), 400);
      }
      if (status === 429) {
        context.log('device code attempts exhausted: 429');
        return sendError(reply, 429, { title: 'Too many attempts', message: 'Open the link shown on your device again to start over.' });
      }
      return sendAdminFailure(context, reply, error);
    }
  });

  app.get('/device/done', async (_request, reply) => sendPage(reply, deviceDonePage()));
}
