/**
 * HTTP adapter of the login/consent admin API (hydra-contract.md §2, Hydra consent/handler.go), on the
 * admin listener only. The challenge comes in the query as `login_challenge` / `consent_challenge`
 * (Hydra also takes `challenge`); v1 paths without /admin reach these through the admin rewrite.
 */
import type { FastifyRequest } from 'fastify';
import type { AdminApp } from '../http/surfaces/surface.js';
import type { LoginConsentAdmin } from './login-consent-admin.js';

const BASE = '/admin/oauth2/auth/requests';

function challenge(request: FastifyRequest, name: string): string | undefined {
  const query = request.query as Record<string, unknown>;
  const value = query[name] ?? query.challenge;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface LoginConsentAdminRouteDeps {
  admin: LoginConsentAdmin;
}

// Every answer here is no-store by the admin listener's cache policy (http/surfaces/cache-policy.ts).
// A used challenge (RequestAlreadyUsed, 410) is rendered by http/error-renderer.ts like any failure.
export function registerLoginConsentAdminRoutes(app: AdminApp, { admin }: LoginConsentAdminRouteDeps): void {
  for (const step of ['login', 'consent'] as const) {
    const name = `${step}_challenge`;
    const get = step === 'login' ? admin.getLogin.bind(admin) : admin.getConsent.bind(admin);
    const accept = step === 'login' ? admin.acceptLogin.bind(admin) : admin.acceptConsent.bind(admin);
    const reject = step === 'login' ? admin.rejectLogin.bind(admin) : admin.rejectConsent.bind(admin);
    app.get(`${BASE}/${step}`, (request) => get(challenge(request, name)));
    app.put(`${BASE}/${step}/accept`, (request) => accept(challenge(request, name), request.body));
    app.put(`${BASE}/${step}/reject`, (request) => reject(challenge(request, name), request.body));
  }
}
