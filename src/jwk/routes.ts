/**
 * The JSON Web Key routes of Hydra v2 (`jwk/handler.go`): the admin API under /admin/keys (the
 * admin app rewrites the v1 paths /keys/... to it) and the public /.well-known/jwks.json.
 *
 * As in Hydra, the admin API answers with private material (it has no authentication of its
 * own and must stay behind the network boundary), deleting what does not exist is a 204, and a
 * set or key that does not exist is a 404 on read.
 */
import type { FastifyReply } from 'fastify';
import { errors } from '../core/errors.js';
import type { AdminApp, PublicApp } from '../http/surfaces/surface.js';
import { GENERATION_ALGORITHMS } from './algorithms.js';
import { checkIdentifier, checkUse, decodeGenerationRequest, decodeJwk, decodeKeySet, parseJwk } from './jwk-input.js';
import { ACCESS_TOKEN_SET, ID_TOKEN_SET, type KeyManager } from './key-manager.js';
import { KeyConflictError } from './key-store.js';

type SetParams = { Params: { set: string } };
type KeyParams = { Params: { set: string; kid: string } };

const KEYS = '/admin/keys';

export interface JwkAdminRouteDeps {
  keys: KeyManager;
  /** urls.self.issuer: the base of a created set's Location. */
  issuer: string;
}

export interface JwkPublicRouteDeps {
  keys: Pick<KeyManager, 'publicJwks'>;
  /** webfinger.jwks.broadcast_keys. */
  broadcastKeys: readonly string[];
}

// Admin answers are no-store by the admin listener's cache policy (http/surfaces/cache-policy.ts).
export function registerJwkAdminRoutes(app: AdminApp, { keys, issuer }: JwkAdminRouteDeps): void {

  app.get<SetParams>(`${KEYS}/:set`, async (request, reply) => {
    const set = await keys.getSet(request.params.set);
    if (set.length === 0) throw notFound(request.params.set);
    return json(reply, { keys: set });
  });

  app.get<KeyParams>(`${KEYS}/:set/:kid`, async (request, reply) => {
    const key = await keys.getKey(request.params.set, request.params.kid);
    if (!key) throw notFound(request.params.set, request.params.kid);
    return json(reply, { keys: [key] });
  });

  app.post<SetParams>(`${KEYS}/:set`, async (request, reply) => {
    const set = checkIdentifier(request.params.set, 'set');
    const body = decodeGenerationRequest(request.body);
    if (typeof body.alg !== 'string' || !GENERATION_ALGORITHMS.includes(body.alg)) {
      throw errors.invalidRequest.withHint(`"alg" must be one of ${GENERATION_ALGORITHMS.join(', ')}.`);
    }
    if (body.kid !== undefined && body.kid !== '') checkIdentifier(body.kid, 'kid');
    // Hydra takes an empty "use" as "sig" (jwk/generate.go).
    if (body.use !== '') checkUse(body.use);
    try {
      const key = await keys.generate(set, { alg: body.alg, kid: body.kid as string | undefined, use: body.use as string | undefined });
      // Hydra's WriteCreated: Location is the issuer URL joined with keys/{set}.
      reply.header('location', new URL(`keys/${encodeURIComponent(set)}`, withSlash(issuer)).toString());
      return json(reply.status(201), { keys: [key] });
    } catch (error) {
      if (error instanceof KeyConflictError) throw errors.conflict.withHint(`${error.message} Choose another "kid".`);
      throw error;
    }
  });

  app.put<SetParams>(`${KEYS}/:set`, async (request, reply) => {
    const set = checkIdentifier(request.params.set, 'set');
    const body = decodeKeySet(request.body);
    if (!Array.isArray(body.keys)) {
      throw errors.invalidRequest.withHint('The request body must be a JSON Web Key Set: an object with a "keys" array (RFC 7517 §5).');
    }
    const parsed = body.keys.map((key, index) => parseJwk(key, `keys[${index}]`));
    const seen = new Set<string>();
    for (const key of parsed) {
      if (seen.has(key.kid)) throw errors.invalidRequest.withHint(`"kid" ${JSON.stringify(key.kid)} appears twice in "keys" (RFC 7517 §4.5).`);
      seen.add(key.kid);
    }
    return json(reply, { keys: await keys.replaceSet(set, parsed) });
  });

  app.put<KeyParams>(`${KEYS}/:set/:kid`, async (request, reply) => {
    const set = checkIdentifier(request.params.set, 'set');
    const { kid } = request.params;
    const decoded = decodeJwk(request.body, 'the body');
    const key = parseJwk(decoded.kid === undefined ? { ...decoded, kid } : decoded, 'the body');
    // Hydra ignores the path's kid; Tessera refuses a body that would replace another key than
    // the one the path names.
    if (key.kid !== kid) throw errors.invalidRequest.withHint(`"kid" of the body (${JSON.stringify(key.kid)}) must match the kid in the path (${JSON.stringify(kid)}).`);
    return json(reply, await keys.replaceKey(set, key));
  });

  app.delete<SetParams>(`${KEYS}/:set`, async (request, reply) => {
    await keys.deleteSet(request.params.set);
    return reply.status(204).send();
  });

  app.delete<KeyParams>(`${KEYS}/:set/:kid`, async (request, reply) => {
    await keys.deleteKey(request.params.set, request.params.kid);
    return reply.status(204).send();
  });
}

/**
 * RFC 7517 §5 JWK Set of the sets in webfinger.jwks.broadcast_keys, to which Hydra always adds
 * hydra.jwt.access-token and hydra.openid.id-token (`driver/config/provider.go` WellKnownKeys).
 */
export function registerJwkPublicRoutes(app: PublicApp, { keys, broadcastKeys }: JwkPublicRouteDeps): void {
  const sets = [...new Set([...broadcastKeys, ACCESS_TOKEN_SET, ID_TOKEN_SET])];
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    // The JWKS sends its own policy (no-store, so that a rotated key is seen at once); the
    // public listener's cache policy does not cover this route.
    return json(reply.header('cache-control', 'no-store'), await keys.publicJwks(sets, { generateMissing: true }));
  });
}

function json(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}

function notFound(set: string, kid?: string) {
  const what = kid === undefined ? `JSON Web Key Set ${JSON.stringify(set)}` : `JSON Web Key ${JSON.stringify(kid)} in set ${JSON.stringify(set)}`;
  return errors.notFound.withHint(`${what} does not exist.`);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
