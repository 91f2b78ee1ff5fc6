/**
 * Which addresses an outbound request may connect to under `clients.http.disallow_private_ip_ranges`.
 * The ranges are those Hydra enforces through ory/x ipx/ssrf.go, which dials with code.dny.dev/ssrf
 * v0.2.0 (ssrf_gen.go, from IANA's special-purpose registries):
 * - `public` (the setting on, URL not excepted): IPv4 outside every prefix of IPV4_DENIED; IPv6
 *   inside 2000::/3 (global unicast, so ::1, ::, fe80::/10, fc00::/7, ff00::/8, 64:ff9b::/96 and
 *   ::ffff:0:0/96 are all outside) and outside IPV6_DENIED.
 * - `internal` (the setting on, URL matched by `clients.http.private_ip_exception_urls`): ipx's
 *   AllowInternalDialFunc, which lets through exactly RFC 1918, loopback and 169.254/16 for IPv4,
 *   ::1 and fc00::/7 for IPv6, and otherwise applies the `public` rules.
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as its IPv4 address, as Go dials it over
 * tcp4: node's BlockList matches IPv4 subnets against mapped addresses, so both spellings agree.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export type AddressPolicy = 'public' | 'internal';

interface Range {
  readonly cidr: string;
  readonly name: string;
  readonly list: BlockList;
}

function range(cidr: string, name: string): Range {
  const [network, bits] = cidr.split('/') as [string, string];
  const list = new BlockList();
  list.addSubnet(network, Number(bits), isIPv4(network) ? 'ipv4' : 'ipv6');
  return { cidr, name, list };
}

/** code.dny.dev/ssrf IPv4DeniedPrefixes. */
export const IPV4_DENIED: readonly Range[] = [
  range('0.0.0.0/8', '"this network", RFC 791'),
  range('10.0.0.0/8', 'private use, RFC 1918'),
  range('100.64.0.0/10', 'shared address space (CGNAT), RFC 6598'),
  range('127.0.0.0/8', 'loopback, RFC 1122'),
  range('169.254.0.0/16', 'link local (cloud metadata), RFC 3927'),
  range('172.16.0.0/12', 'private use, RFC 1918'),
  range('192.0.0.0/24', 'IETF protocol assignments, RFC 6890'),
  range('192.0.2.0/24', 'documentation, RFC 5737'),
  range('192.31.196.0/24', 'AS112-v4, RFC 7535'),
  range('192.52.193.0/24', 'AMT, RFC 7450'),
  range('192.88.99.0/24', '6to4 relay anycast, RFC 7526'),
  range('192.168.0.0/16', 'private use, RFC 1918'),
  range('192.175.48.0/24', 'AS112 direct delegation, RFC 7534'),
  range('198.18.0.0/15', 'benchmarking, RFC 2544'),
  range('198.51.100.0/24', 'documentation, RFC 5737'),
  range('203.0.113.0/24', 'documentation, RFC 5737'),
  range('224.0.0.0/4', 'multicast, RFC 1112'),
  range('240.0.0.0/4', 'reserved and broadcast, RFC 1112'),
];

/** Only global unicast IPv6 is public (IPv6GlobalUnicast); these parts of it are not (IPv6DeniedPrefixes). */
const IPV6_GLOBAL_UNICAST = range('2000::/3', 'global unicast');
export const IPV6_DENIED: readonly Range[] = [
  range('2001::/23', 'IETF protocol assignments, RFC 2928'),
  range('2001:db8::/32', 'documentation, RFC 3849'),
  range('2002::/16', '6to4, RFC 3056'),
  range('2620:4f:8000::/48', 'AS112 direct delegation, RFC 7534'),
];

/** ipx AllowInternalDialFunc's WithAllowedV4Prefixes / WithAllowedV6Prefixes. */
const IPV4_INTERNAL: readonly Range[] = ['10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'].map((cidr) => range(cidr, 'internal'));
const IPV6_INTERNAL: readonly Range[] = [range('::1/128', 'internal'), range('fc00::/7', 'internal')];

const MAPPED = range('::ffff:0:0/96', 'IPv4-mapped');

/**
 * Why `address` may not be connected to under `policy`, or undefined when it may. Anything that
 * is not an IP address (a zone-scoped or malformed remote address) is refused: the check fails closed.
 */
export function addressRefusal(address: string | undefined, policy: AddressPolicy): string | undefined {
  if (!address) return 'the address is unknown';
  const v4 = isIPv4(address);
  if (!v4 && !isIPv6(address)) return `${address} is not an IP address`;
  const type = v4 ? 'ipv4' : 'ipv6';
  const fits = (ranges: readonly Range[]) => ranges.find((r) => safeCheck(r.list, address, type));
  if (v4 || safeCheck(MAPPED.list, address, type)) {
    if (policy === 'internal' && fits(IPV4_INTERNAL)) return undefined;
    const denied = fits(IPV4_DENIED);
    return denied ? `${address} is not a permitted destination (denied by ${denied.cidr}, ${denied.name})` : undefined;
  }
  if (policy === 'internal' && fits(IPV6_INTERNAL)) return undefined;
  if (!safeCheck(IPV6_GLOBAL_UNICAST.list, address, type)) {
    return `${address} is not a permitted destination (outside the IPv6 global unicast range 2000::/3)`;
  }
  const denied = fits(IPV6_DENIED);
  return denied ? `${address} is not a permitted destination (denied by ${denied.cidr}, ${denied.name})` : undefined;
}

function safeCheck(list: BlockList, address: string, type: 'ipv4' | 'ipv6'): boolean {
  try {
    return list.check(address, type);
  } catch {
    return false;
  }
}
