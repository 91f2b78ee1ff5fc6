/**
 * GET and POST /logout: Hydra's logout step. The user confirms; "yes" accepts and follows the
 * server back to the post-logout redirect, "no" rejects and the session stays.
 */
import type { FastifyInstance } from 'fastify';
import { logoutPage, stayedSignedInPage } from '../templates/logout-page.js';
import { clientLabel } from '../templates/layout.js';
import {
  checkedForm, followRedirect, queryChallenge, sendAdminFailure, sendPage, single, type AppContext,
} from './context.js';

export function registerLogoutRoutes(app: FastifyInstance, context: AppContext): void {
  const { hydra, csrf } = context;

  app.get('/logout', async (request, reply) => {
    const challenge = queryChallenge(request, reply, 'logout_challenge');
    if (!challenge) return reply;
    try {
      const { data: logout } = await hydra.getOAuth2LogoutRequest({ logoutChallenge: challenge });
      const csrfToken = csrf.issue(request, reply);
      return sendPage(reply, logoutPage({
        challenge,
        csrfToken,
        ...(logout.subject ? { subject: logout.subject } : {}),
        ...(logout.client ? { clientName: clientLabel(logout.client) } : {}),
      }));
    } catch (error) {
      return sendAdminFailure(context, reply, error);
    }
  });

  app.post('/logout', async (request, reply) => {
    const form = checkedForm(context, request, reply);
    if (!form) return reply;
    const challenge = single(form.challenge)!;
    try {
      if (single(form.submit) === 'yes') {
        const { data } = await hydra.acceptOAuth2LogoutRequest({ logoutChallenge: challenge });
        return followRedirect(reply, data.redirect_to);
      }
      await hydra.rejectOAuth2LogoutRequest({ logoutChallenge: challenge });
      return sendPage(reply, stayedSignedInPage());
    } catch (error) {
      return sendAdminFailure(context, reply, error);
    }
  });
}
