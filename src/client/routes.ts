/**
 * The admin API for OAuth 2.0 clients, on Hydra's v2 paths (`client/handler.go`
 * `SetAdminRoutes`). The v1 paths without /admin reach these routes through the admin app's URL
 * rewrite. Errors are thrown as OAuthError and rendered by the app's one error renderer.
 */
import type { FastifyRequest } from 'fastify';
import type { AdminApp } from '../http/surfaces/surface.js';
import type { ClientService } from './client-service.js';
import type { ClientSecretRotation } from './secret-rotation.js';
import { clientView } from './client-view.js';
import { linkHeader } from './link-header.js';
import { registerJsonParser } from '../http/body/json-parser.js';

const BASE = '/admin/clients';

type WithId = FastifyRequest<{ Params: { id: string } }>;

export interface ClientAdminRouteDeps {
  clients: ClientService;
  rotation: ClientSecretRotation;
}

// Answers can carry a client secret: the admin listener's cache policy makes every one no-store
// and no-cache (http/surfaces/cache-policy.ts; RFC 6749 §5.1 by analogy).
export function registerClientAdminRoutes(app: AdminApp, { clients, rotation }: ClientAdminRouteDeps): void {
  app.register(async (scope) => {
    // RFC 6902 §6 names application/json-patch+json; Hydra also takes plain JSON, as the SDK sends.
    // An empty body is no body (a DELETE sent with a JSON Content-Type, as Hydra ignores it); a
    // route that needs one then refuses it with a hint of its own.
    registerJsonParser(scope, { types: ['application/json', 'application/json-patch+json'], emptyIsAbsent: true });

    scope.post(BASE, async (request, reply) => {
      const { client, secret } = await clients.create(request.body);
      reply.status(201).header('location', `${BASE}/${encodeURIComponent(client.client_id)}`);
      return clientView(client, secret);
    });

    scope.get(BASE, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const page = await clients.list({
        pageSize: first(query.page_size),
        pageToken: first(query.page_token),
        clientName: first(query.client_name),
        owner: first(query.owner),
      });
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
      }
      reply.header(
        'link',
        linkHeader({ path: BASE, query: params, pageSize: page.pageSize, firstToken: page.firstToken, nextToken: page.nextToken }),
      );
      return page.clients.map((client) => clientView(client));
    });

    scope.get(`${BASE}/:id`, async (request: WithId) => {
      return clientView(await clients.get(request.params.id));
    });

    scope.put(`${BASE}/:id`, async (request: WithId) => {
      const { client, secret } = await clients.replace(request.params.id, request.body);
      return clientView(client, secret);
    });

    scope.patch(`${BASE}/:id`, async (request: WithId) => {
      const { client, secret } = await clients.patch(request.params.id, request.body);
      return clientView(client, secret);
    });

    scope.delete(`${BASE}/:id`, async (request: WithId, reply) => {
      await clients.delete(request.params.id);
      return reply.status(204).send();
    });

    scope.put(`${BASE}/:id/lifespans`, async (request: WithId) => {
      return clientView(await clients.setLifespans(request.params.id, request.body));
    });

    // Hydra v26 rotateOAuth2ClientSecret: 200 with the client and its new secret, shown this once.
    scope.post(`${BASE}/:id/secrets/rotate`, async (request: WithId) => {
      const { client, secret } = await rotation.rotate(request.params.id);
      return clientView(client, secret);
    });

    // Hydra v26 deleteRotatedOAuth2ClientSecrets: 200 with the client (spec/api.json), not 204.
    scope.delete(`${BASE}/:id/secrets/rotate`, async (request: WithId) => {
      return clientView(await rotation.deleteRotated(request.params.id));
    });
  });
}

/** A repeated query parameter counts once: its first value, as Go's `url.Values.Get`. */
function first(value: unknown): string | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === 'string' ? item : undefined;
}
