/**
 * Who the authorization endpoint may answer by redirect: a known client and one of its
 * registered redirect URIs, compared as exact strings (RFC 9700 §4.1.3, RFC 6749 §3.1.2.3; fosite
 * advisory GHSA-grfp-q2mm-hfp6: no case folding). The one exception is the port of a loopback IP
 * URI (RFC 8252 §7.3, loopback-redirect.ts); the URI as requested, port included, is the one
 * answered and the one the token request must repeat (RFC 6749 §4.1.3).
 * When the URI is missing it is implied only if the client registered exactly one (§3.1.2.3).
 * Any failure here MUST NOT redirect (RFC 6749 §4.1.2.1, RFC 9700 §4.11.2): the caller shows the
 * error page instead.
 */
import { errors } from '../../core/errors.js';
import type { FormParameters } from '../../core/form-parameters.js';
import type { Client } from '../../client/client.js';
import { matchesAsLoopback } from './loopback-redirect.js';

export interface RedirectTarget {
  client: Client;
  redirectUri: string;
  redirectUriSent: boolean;
  state: string | undefined;
}

export interface ClientLookup {
  find(id: string): Promise<Client | undefined>;
}

export async function resolveRedirectTarget(params: FormParameters, clients: ClientLookup): Promise<RedirectTarget> {
  return redirectTargetOf(params, await findClient(params, clients));
}

/** The client the request names (fosite NewAuthorizeRequest: before anything else is read). */
export async function findClient(params: FormParameters, clients: ClientLookup): Promise<Client> {
  const clientId = params.get('client_id');
  if (!clientId) throw errors.invalidRequest.withHint('The parameter "client_id" is missing.');
  const client = await clients.find(clientId);
  if (!client) throw errors.invalidClient.withHint('The requested OAuth 2.0 Client does not exist.');
  return client;
}

export function redirectTargetOf(params: FormParameters, client: Client): RedirectTarget {
  const sent = params.get('redirect_uri');
  if (sent === undefined) {
    if (client.redirect_uris.length !== 1) {
      throw errors.invalidRequest.withHint(
        'The "redirect_uri" parameter is required because the OAuth 2.0 Client registered none or more than one redirect URI.',
      );
    }
    return { client, redirectUri: client.redirect_uris[0]!, redirectUriSent: false, state: params.get('state') };
  }
  if (!client.redirect_uris.includes(sent) && !client.redirect_uris.some((registered) => matchesAsLoopback(sent, registered))) {
    throw errors.invalidRequest.withHint(
      "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls.",
    );
  }
  return { client, redirectUri: sent, redirectUriSent: true, state: params.get('state') };
}
