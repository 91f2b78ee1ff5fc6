/**
 * Hydra's registration-time check (client/validator.go with ory/x ipx IsAssociatedIPAllowed),
 * worded as Hydra words it: the reason why `location` may not be registered, or undefined. An IP
 * literal is judged as is; a name is resolved (within 2 s, as ipx does) and refused if the lookup
 * fails or any of its addresses is refused. The connect-time checks stay the guarantee: a name may
 * resolve elsewhere later.
 */
import { isIP } from 'node:net';
import type { Resolver } from './guarded-connection.js';
import { addressRefusal } from './ip-ranges.js';
import type { OutboundPolicy } from './outbound-policy.js';

const LOOKUP_TIMEOUT_MS = 2_000;

export async function registrationRefusal(location: string, policy: OutboundPolicy, resolve: Resolver): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return undefined; // not a URL: the field's own syntax rule answers
  }
  const addresses = policy.policyFor(url, location);
  if (!addresses) return undefined;
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  if (isIP(host)) return addressRefusal(host, addresses) ? `ip ${host} is not a permitted destination` : undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((settle) => (timer = setTimeout(() => settle('timeout'), LOOKUP_TIMEOUT_MS)));
  try {
    const resolved = await Promise.race([resolve(host), timeout]);
    if (resolved === 'timeout') return `failed to resolve ${location}: DNS lookup timed out`;
    if (resolved.every((entry) => !addressRefusal(entry.address, addresses))) return undefined;
  } catch {
    // NXDOMAIN and the like: refused, as ipx refuses a *net.DNSError.
  } finally {
    clearTimeout(timer);
  }
  return `failed to resolve ${location}: lookup ${host}: no such host`;
}
