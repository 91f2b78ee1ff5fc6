/**
 * POST /credentials on the public listener, where Hydra serves it (oauth2/handler.go
 * VerifiableCredentialsPath). The priming answer is a 400 with its own body (Hydra's
 * VerifiableCredentialPrimingResponse); errors are Hydra's `{error, error_description}`.
 */
import type { PublicApp } from '../../http/surfaces/surface.js';
import { bearerToken } from '../userinfo/bearer-token.js';
import type { CredentialEndpoint } from './credential-endpoint.js';

export interface CredentialRouteDeps {
  credentials: CredentialEndpoint;
}

export function registerCredentialRoutes(app: PublicApp, { credentials }: CredentialRouteDeps): void {
  app.post('/credentials', async (request, reply) => {
    // The token in the Authorization header only: the body is the JSON credential request.
    const answer = await credentials.respond(bearerToken(request.headers.authorization, undefined), request.body);
    reply.status(answer.status);
    return answer.body;
  });
}
