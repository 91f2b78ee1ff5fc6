/**
 * The authorization server as a relying party sees it: OpenID Connect Discovery 1.0 from the
 * issuer URL through oauth4webapi. Hydra serves introspection on the admin listener only, so the
 * discovered metadata is completed with it for the tests that introspect.
 */
import * as oauth from 'oauth4webapi';
import type { TestServer } from './server.js';

/** Test servers listen on plain HTTP on loopback; oauth4webapi refuses that unless told. */
export const insecure = { [oauth.allowInsecureRequests]: true };

export async function discover(server: TestServer): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(server.registry.config.urls.self.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  return { ...as, introspection_endpoint: `${server.adminUrl}/admin/oauth2/introspect` };
}
