/**
 * HTTP adapter of the login/consent admin API (hydra-contract.md §2, Hydra consent/handler.go), on the
 * admin listener only. The challenge comes in the query as `login_challenge` / `consent_challenge`
 * (Hydra also takes `challenge`); v1 paths without /admin reach these through the admin rewrite.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginConsentAdmin } from './login-consent-admin.js';

const BASE = '/admin/oauth2/auth/requests';

function challenge(request: FastifyRequest, name: string): string | undefined {
  const query = request.query as Record<string, unknown>;
  const value = query[name] ?? query.challenge;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Runs the admin call on a response that is never cached. A used challenge (RequestAlreadyUsed, 410) is rendered by http/error-renderer.ts like any failure. */
function uncached(reply: FastifyReply, work: () => Promise<unknown>): Promise<unknown> {
  reply.header('cache-control', 'no-store');
  return work();
}

export function registerLoginConsentAdminRoutes(app: FastifyInstance, admin: LoginConsentAdmin): void {
  for (const step of ['login', 'consent'] as const) {
    const name = `${step}_challenge`;
    const get = step === 'login' ? admin.getLogin.bind(admin) : admin.getConsent.bind(admin);
    const accept = step === 'login' ? admin.acceptLogin.bind(admin) : admin.acceptConsent.bind(admin);
    const reject = step === 'login' ? admin.rejectLogin.bind(admin) : admin.rejectConsent.bind(admin);
    app.get(`${BASE}/${step}`, (request, reply) => uncached(reply, () => get(challenge(request, name))));
    app.put(`${BASE}/${step}/accept`, (request, reply) => uncached(reply, () => accept(challenge(request, name), request.body)));
    app.put(`${BASE}/${step}/reject`, (request, reply) => uncached(reply, () => reject(challenge(request, name), request.body)));
  }
}
