/**
 * The peer of the token benchmark: node-oidc-provider, in memory, with client_credentials
 * clients issuing opaque tokens, RS256 JWTs and ES256 JWTs (through resource indicators), and
 * introspection enabled; and a code-flow client (bench-web) whose login and consent the development
 * interactions accept by form posts (peer-code-flow.ts), issuing opaque access tokens for its API.
 * Started by token-bench.ts as `node peer.js <port>`, with the signing keys in PEER_JWKS so that
 * both servers sign with keys of the same algorithm and size (the ID token: RS256 of 4096 bits).
 */
// @ts-expect-error oidc-provider ships no type declarations
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 3999);
const JWT_RESOURCE = 'urn:tessera:bench';
const WEB_RESOURCE = 'urn:tessera:bench:web';
const SIGNING: Record<string, string> = { 'bench-jwt': 'RS256', 'bench-jwt-es256': 'ES256' };
const resourceOf = (clientId: string) => (SIGNING[clientId] ? JWT_RESOURCE : clientId === 'bench-web' ? WEB_RESOURCE : undefined);

const client = (id: string) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: [],
  scope: 'read',
});

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    ...['bench-opaque', 'bench-jwt', 'bench-jwt-es256'].map(client),
    {
      client_id: 'bench-web',
      client_secret: 'bench-web-secret',
      grant_types: ['authorization_code'],
      redirect_uris: ['http://127.0.0.1:5555/callback'],
      response_types: ['code'],
      scope: 'openid read',
    },
  ],
  jwks: process.env.PEER_JWKS ? JSON.parse(process.env.PEER_JWKS) : undefined,
  scopes: ['openid', 'read'],
  ttl: { ClientCredentials: 3600 },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: () => true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx: unknown, c: { clientId: string }) => resourceOf(c.clientId),
      getResourceServerInfo: (_ctx: unknown, resource: string, c: { clientId: string }) =>
        resource === WEB_RESOURCE
          ? { scope: 'read', accessTokenFormat: 'opaque' }
          : { scope: 'read', accessTokenFormat: 'jwt', jwt: { sign: { alg: SIGNING[c.clientId] ?? 'RS256' } } },
      useGrantedResource: () => true,
    },
  },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write(`peer ready on ${port}\n`));
