/**
 * The peer of the token benchmark: node-oidc-provider, in memory, with one client_credentials
 * client issuing opaque tokens and one issuing JWTs (through resource indicators), and
 * introspection enabled. Started as a child process by token-bench.ts: `node peer.js <port>`.
 */
// @ts-expect-error oidc-provider ships no type declarations
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 3999);
const JWT_RESOURCE = 'urn:tessera:bench';

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    { client_id: 'bench-opaque', client_secret: 'bench-secret-opaque', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'read' },
    { client_id: 'bench-jwt', client_secret: 'bench-secret-jwt', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'read' },
  ],
  scopes: ['read'],
  ttl: { ClientCredentials: 3600 },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: () => true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx: unknown, client: { clientId: string }) => (client.clientId === 'bench-jwt' ? JWT_RESOURCE : undefined),
      getResourceServerInfo: () => ({ scope: 'read', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      useGrantedResource: () => true,
    },
  },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write(`peer ready on ${port}\n`));
