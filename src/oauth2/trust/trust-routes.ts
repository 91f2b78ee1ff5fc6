/**
 * Hydra's trust API on the admin listener (oauth2/trust/handler.go SetRoutes): the v2 path under
 * /admin; v1.11's path without the prefix (/trust/grants/jwt-bearer/issuers) reaches the same
 * routes through the admin app's URL rewrite.
 */
import type { FastifyRequest } from 'fastify';
import type { AdminApp } from '../../http/surfaces/surface.js';
import { registerJsonParser } from '../../http/body/json-parser.js';
import { linkHeader } from '../../client/link-header.js';
import type { TrustAdmin } from './trust-admin.js';
import { trustedIssuerView } from './trusted-issuer.js';

const BASE = '/admin/trust/grants/jwt-bearer/issuers';

type WithId = FastifyRequest<{ Params: { id: string } }>;

export interface TrustAdminRouteDeps {
  trust: TrustAdmin;
}

export function registerTrustAdminRoutes(app: AdminApp, { trust }: TrustAdminRouteDeps): void {
  app.register(async (scope) => {
    registerJsonParser(scope, { types: ['application/json'], emptyIsAbsent: true });

    scope.post(BASE, async (request, reply) => {
      const created = await trust.create(request.body);
      reply.status(201).header('location', `${BASE}/${encodeURIComponent(created.id)}`);
      return trustedIssuerView(created);
    });

    scope.get(BASE, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const page = await trust.list({ pageSize: first(query.page_size), pageToken: first(query.page_token), issuer: first(query.issuer) });
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
      }
      reply.header('link', linkHeader({ path: BASE, query: params, pageSize: page.pageSize, firstToken: page.firstToken, nextToken: page.nextToken }));
      return page.trusts.map(trustedIssuerView);
    });

    scope.get(`${BASE}/:id`, async (request: WithId) => trustedIssuerView(await trust.get(request.params.id)));

    scope.delete(`${BASE}/:id`, async (request: WithId, reply) => {
      await trust.delete(request.params.id);
      return reply.status(204).send();
    });
  });
}

/** A repeated query parameter counts once: its first value, as Go's `url.Values.Get`. */
function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined ? undefined : String(value);
}
