/**
 * GET and POST /consent: Hydra's consent step. A remembered consent (`skip`) or a first-party
 * client (`skip_consent`) is granted at once with what it asked for; otherwise the user decides
 * scope by scope.
 */
import type { FastifyInstance } from 'fastify';
import { findAccount } from '../demo-account.js';
import { sessionClaims } from '../claims.js';
import { consentPage } from '../templates/consent-page.js';
import { clientLabel } from '../templates/layout.js';
import {
  checkedForm, followRedirect, many, queryChallenge, sendAdminFailure, sendPage, single, type AppContext,
} from './context.js';

export const REMEMBER_CONSENT_SECONDS = 3600;

export function registerConsentRoutes(app: FastifyInstance, context: AppContext): void {
  const { hydra, csrf } = context;

  app.get('/consent', async (request, reply) => {
    const challenge = queryChallenge(request, reply, 'consent_challenge');
    if (!challenge) return reply;
    try {
      const { data: consent } = await hydra.getOAuth2ConsentRequest({ consentChallenge: challenge });
      const scopes = consent.requested_scope ?? [];
      if (consent.skip || consent.client?.skip_consent) {
        const { data } = await hydra.acceptOAuth2ConsentRequest({
          consentChallenge: challenge,
          acceptOAuth2ConsentRequest: {
            grant_scope: scopes,
            grant_access_token_audience: consent.requested_access_token_audience ?? [],
            session: sessionClaims(findAccount(consent.subject), scopes),
          },
        });
        return followRedirect(reply, data.redirect_to);
      }
      const csrfToken = csrf.issue(request, reply);
      return sendPage(reply, consentPage({
        challenge,
        csrfToken,
        clientName: clientLabel(consent.client),
        subject: consent.subject ?? '',
        scopes,
        audiences: consent.requested_access_token_audience ?? [],
      }));
    } catch (error) {
      return sendAdminFailure(context, reply, error);
    }
  });

  app.post('/consent', async (request, reply) => {
    const form = checkedForm(context, request, reply);
    if (!form) return reply;
    const challenge = single(form.challenge)!;
    try {
      if (single(form.submit) !== 'allow') {
        const { data } = await hydra.rejectOAuth2ConsentRequest({
          consentChallenge: challenge,
          rejectOAuth2Request: { error: 'access_denied', error_description: 'The resource owner denied the request' },
        });
        return followRedirect(reply, data.redirect_to);
      }
      // The requested scopes come from the server, not the form: a tampered form cannot widen them.
      const { data: consent } = await hydra.getOAuth2ConsentRequest({ consentChallenge: challenge });
      const requested = consent.requested_scope ?? [];
      const granted = many(form.grant_scope).filter((scope) => requested.includes(scope));
      const { data } = await hydra.acceptOAuth2ConsentRequest({
        consentChallenge: challenge,
        acceptOAuth2ConsentRequest: {
          grant_scope: granted,
          grant_access_token_audience: consent.requested_access_token_audience ?? [],
          remember: single(form.remember) !== undefined,
          remember_for: REMEMBER_CONSENT_SECONDS,
          session: sessionClaims(findAccount(consent.subject), granted),
        },
      });
      return followRedirect(reply, data.redirect_to);
    } catch (error) {
      return sendAdminFailure(context, reply, error);
    }
  });
}
