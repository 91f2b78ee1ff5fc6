/**
 * Hydra's registration-time guard (client/validator.go Validate): with
 * clients.http.disallow_private_ip_ranges on, the URLs Tessera will call (jwks_uri,
 * backchannel_logout_uri, sector_identifier_uri, request_uris) must not name or resolve to a
 * private address, or the client is refused as invalid_client_metadata with Hydra's hint. Beyond
 * Hydra, a URL matched by clients.http.private_ip_exception_urls passes here as it passes at
 * delivery (Hydra checks exceptions only at delivery, so an excepted back-channel URL could never
 * be registered). The connect-time check (src/http/outbound/) stays the guarantee.
 */
import { errors } from '../core/errors.js';
import type { OutboundHttp } from '../http/outbound/outbound-http.js';
import type { ClientInput } from './client-input.js';

export async function checkDestinations(input: ClientInput, outbound: OutboundHttp): Promise<void> {
  if (!outbound.policy.guarded) return;
  const fields: [string, string | undefined][] = [
    ['jwks_uri', input.jwks_uri],
    ['backchannel_logout_uri', input.backchannel_logout_uri],
    ['sector_identifier_uri', input.sector_identifier_uri],
    ...(input.request_uris ?? []).map((uri, index): [string, string] => [`request_uris.${index}`, uri]),
  ];
  const verdicts = await Promise.all(fields.map(async ([field, uri]) => (uri ? [field, await outbound.registrationRefusal(uri)] : [field, undefined])));
  const refused = verdicts.find(([, reason]) => reason !== undefined);
  if (refused) {
    throw errors.invalidClientMetadata.withHint(`Client IP address is not allowed: key ${refused[0]} validation is failing: ${refused[1]}`);
  }
}
