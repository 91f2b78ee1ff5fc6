/**
 * The public routes of dynamic client registration (Hydra's `SetPublicRoutes` in
 * `client/handler.go`): POST /oauth2/register (RFC 7591 §3) and GET, PUT, DELETE
 * /oauth2/register/{id} (RFC 7592 §2), always registered and answering 404 while
 * `oidc.dynamic_client_registration.enabled` is off, as Hydra's do. They sit behind the listener's
 * CORS settings only (serve.public.cors), not a client's allowed_cors_origins, as in Hydra.
 */
import type { FastifyRequest } from 'fastify';
import { registerJsonParser } from '../http/body/json-parser.js';
import { NEVER_CACHED } from '../http/surfaces/cache-policy.js';
import type { PublicApp } from '../http/surfaces/surface.js';
import { clientView } from './client-view.js';
import { REGISTRATION_PATH, type DynamicRegistration, type RegisteredClient } from './dynamic-registration.js';

type WithId = FastifyRequest<{ Params: { id: string } }>;

export interface RegistrationRouteDeps {
  registration: DynamicRegistration;
}

export function registerDynamicRegistrationRoutes(app: PublicApp, { registration }: RegistrationRouteDeps): void {
  app.register(async (scope) => {
    registerJsonParser(scope, { emptyIsAbsent: true });
    // Disabled means 404 before the body is read, as Hydra's requireDynamicAuth comes first.
    scope.addHook('onRequest', async () => registration.assertEnabled());
    // RFC 7591 §3.2.1 and RFC 7592 §3: answers carry a secret or a registration access token.
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(NEVER_CACHED);
      return payload;
    });

    scope.post(REGISTRATION_PATH, async (request, reply) => {
      const registered = await registration.register(request.body);
      reply.status(201).header('location', registered.registrationClientUri);
      return view(registered);
    });

    scope.get(`${REGISTRATION_PATH}/:id`, async (request: WithId) => {
      // Hydra's getOidcDynamicClient leaves out the operator's metadata.
      const { metadata: _metadata, ...shown } = clientView(await registration.read(request.params.id, request.headers.authorization));
      return shown;
    });

    scope.put(`${REGISTRATION_PATH}/:id`, async (request: WithId) => {
      return view(await registration.update(request.params.id, request.headers.authorization, request.body));
    });

    scope.delete(`${REGISTRATION_PATH}/:id`, async (request: WithId, reply) => {
      await registration.remove(request.params.id, request.headers.authorization);
      return reply.status(204).send();
    });
  });
}

function view({ client, secret, registrationAccessToken, registrationClientUri }: RegisteredClient) {
  return clientView(client, secret, { registration_access_token: registrationAccessToken, registration_client_uri: registrationClientUri });
}
