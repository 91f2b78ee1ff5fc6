/**
 * GET and POST /login: Hydra's login step. A remembered session (`skip`) is accepted at once with
 * the subject the server already knows; otherwise the user signs in with the demo account.
 */
import type { FastifyInstance } from 'fastify';
import { authenticate } from '../demo-account.js';
import { loginPage } from '../templates/login-page.js';
import { clientLabel } from '../templates/layout.js';
import {
  checkedForm, followRedirect, queryChallenge, sendAdminFailure, sendPage, single, type AppContext,
} from './context.js';

/** Long enough to show "remember me" working, short enough for a demo (as the Node reference). */
export const REMEMBER_LOGIN_SECONDS = 3600;

export function registerLoginRoutes(app: FastifyInstance, context: AppContext): void {
  const { hydra, csrf } = context;

  app.get('/login', async (request, reply) => {
    const challenge = queryChallenge(request, reply, 'login_challenge');
    if (!challenge) return reply;
    try {
      const { data: login } = await hydra.getOAuth2LoginRequest({ loginChallenge: challenge });
      if (login.skip) {
        const { data } = await hydra.acceptOAuth2LoginRequest({
          loginChallenge: challenge,
          acceptOAuth2LoginRequest: { subject: login.subject },
        });
        return followRedirect(reply, data.redirect_to);
      }
      const csrfToken = csrf.issue(request, reply);
      const email = login.oidc_context?.login_hint;
      return sendPage(reply, loginPage({ challenge, csrfToken, clientName: clientLabel(login.client), ...(email ? { email } : {}) }));
    } catch (error) {
      return sendAdminFailure(context, reply, error);
    }
  });

  app.post('/login', async (request, reply) => {
    const form = checkedForm(context, request, reply);
    if (!form) return reply;
    const challenge = single(form.challenge)!;
    try {
      if (single(form.submit) === 'deny') {
        const { data } = await hydra.rejectOAuth2LoginRequest({
          loginChallenge: challenge,
          rejectOAuth2Request: { error: 'access_denied', error_description: 'The resource owner denied the request' },
        });
        return followRedirect(reply, data.redirect_to);
      }
      const email = single(form.email) ?? '';
      const account = authenticate(email, single(form.password));
      if (!account) {
        // Fetched again (not trusted from the form) so that the page names the real client.
        const { data: login } = await hydra.getOAuth2LoginRequest({ loginChallenge: challenge });
        const csrfToken = csrf.issue(request, reply);
        const error = 'The email address or password is incorrect.';
        return sendPage(reply, loginPage({ challenge, csrfToken, clientName: clientLabel(login.client), email, error }));
      }
      const { data } = await hydra.acceptOAuth2LoginRequest({
        loginChallenge: challenge,
        acceptOAuth2LoginRequest: {
          subject: account.subject,
          remember: single(form.remember) !== undefined,
          remember_for: REMEMBER_LOGIN_SECONDS,
          // RFC 8176: authenticated by password; acr "0" as the Node reference, no assurance level claimed.
          amr: ['pwd'],
          acr: '0',
        },
      });
      return followRedirect(reply, data.redirect_to);
    } catch (error) {
      return sendAdminFailure(context, reply, error);
    }
  });
}
