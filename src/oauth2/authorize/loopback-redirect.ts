/**
 * RFC 8252 §7.3: a native app listening on the loopback interface chooses its port when it
 * starts, so the authorization server MUST accept any port on a loopback IP redirect URI. The
 * rule is fosite's (authorize_helper.go, isMatchingAsLoopback): the requested URI uses http and a
 * loopback IP literal, and equals a registered URI in everything but the port (the registered
 * port, if any, is ignored too). Path and query are compared as exact strings (GHSA-rfq3-w54c-f9q5
 * was a loopback rule that forgot the query), and `localhost` does not qualify (RFC 8252 §8.3: a
 * name may resolve elsewhere). Stricter than fosite: the registered URI must be http as well (an
 * https registration is never downgraded), and a user part or a fragment never matches.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Go's net.IP.IsLoopback: 127.0.0.0/8 and ::1 (an IPv4-mapped 127.x address counts, as in Go). */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** http://host[:port][/path][?query]: no user part, no fragment, the scheme in lower case. */
const HTTP_URI = /^http:\/\/(\[[0-9a-fA-F:.]+\]|[0-9.]+)(?::([0-9]{0,5}))?([/?][^#]*)?$/;

interface LoopbackParts {
  host: string;
  pathAndQuery: string;
}

function loopbackParts(uri: string): LoopbackParts | undefined {
  const match = HTTP_URI.exec(uri);
  if (!match) return undefined;
  const [, host, port, pathAndQuery] = match as unknown as [string, string, string | undefined, string | undefined];
  // A port the URL parser refuses would only fail later, when the response is built.
  if (port && Number(port) > 65535) return undefined;
  const bracketed = host.startsWith('[');
  const address = bracketed ? host.slice(1, -1) : host;
  const family = bracketed ? (isIPv6(address) ? 'ipv6' : undefined) : isIPv4(address) ? 'ipv4' : undefined;
  if (!family || !LOOPBACK.check(address, family)) return undefined;
  return { host, pathAndQuery: pathAndQuery ?? '' };
}

/** Whether `requested` is `registered` with another (or no) port, under the rule above. */
export function matchesAsLoopback(requested: string, registered: string): boolean {
  const asked = loopbackParts(requested);
  if (!asked) return false;
  const known = loopbackParts(registered);
  return known !== undefined && known.host === asked.host && known.pathAndQuery === asked.pathAndQuery;
}
