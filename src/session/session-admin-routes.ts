/**
 * HTTP adapters of Hydra's session admin API (hydra-contract.md §2, consent/handler.go), admin only:
 * the logout request (GET, PUT accept → {redirect_to}, PUT reject → 204), GET and DELETE
 * /admin/oauth2/auth/sessions/consent, DELETE /admin/oauth2/auth/sessions/login. Deletions
 * answer 204 No Content, as Hydra does.
 */
import type { FastifyRequest } from 'fastify';
import type { AdminApp } from '../http/surfaces/surface.js';
import { linkHeader } from '../client/link-header.js';
import type { ConsentSessions } from './consent-sessions.js';
import type { LoginRevocations } from './login-revocations.js';
import type { LogoutAdmin } from '../logout/logout-admin.js';
import { one } from '../logout/logout-routes.js';

const BASE = '/admin/oauth2/auth/sessions';

const param = (request: FastifyRequest, name: string) => one(request.query, name);

export interface SessionAdminRouteDeps {
  consentSessions: ConsentSessions;
  loginRevocations: LoginRevocations;
}

export interface LogoutAdminRouteDeps {
  logoutAdmin: LogoutAdmin;
}

// Every answer here is no-store by the admin listener's cache policy (http/surfaces/cache-policy.ts).
export function registerSessionAdminRoutes(app: AdminApp, { consentSessions: consents, loginRevocations: logins }: SessionAdminRouteDeps): void {
  app.get(`${BASE}/consent`, async (request, reply) => {
    const page = await consents.list({
      subject: param(request, 'subject'),
      loginSessionId: param(request, 'login_session_id'),
      pageSize: param(request, 'page_size'),
      pageToken: param(request, 'page_token'),
    });
    // Hydra's keysetpagination.SetLinkHeader: first, and next while more follow, keeping the filters.
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query as Record<string, unknown>)) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
    }
    reply.header('link', linkHeader({ path: `${BASE}/consent`, query, pageSize: page.pageSize, firstToken: page.firstToken, nextToken: page.nextToken }));
    return page.sessions;
  });
  app.delete(`${BASE}/consent`, async (request, reply) => {
    await consents.revoke({
      subject: param(request, 'subject'),
      client: param(request, 'client'),
      consentRequestId: param(request, 'consent_request_id'),
      all: param(request, 'all') === 'true',
    });
    return reply.status(204).send();
  });
  app.delete(`${BASE}/login`, async (request, reply) => {
    await logins.revoke(param(request, 'subject'), param(request, 'sid'));
    return reply.status(204).send();
  });
}

export function registerLogoutAdminRoutes(app: AdminApp, { logoutAdmin: admin }: LogoutAdminRouteDeps): void {
  const base = '/admin/oauth2/auth/requests/logout';
  const challenge = (request: FastifyRequest) => one(request.query, 'logout_challenge') ?? one(request.query, 'challenge');
  // A used challenge (RequestAlreadyUsed, 410) is rendered by http/error-renderer.ts.
  app.get(base, (request) => admin.get(challenge(request)));
  app.put(`${base}/accept`, (request) => admin.accept(challenge(request)));
  app.put(`${base}/reject`, async (request, reply) => {
    await admin.reject(challenge(request));
    return reply.status(204).send();
  });
}
