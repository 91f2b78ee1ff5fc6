/**
 * The CIDR ranges of `serve.tls.allow_termination_from`, matched with node:net's BlockList.
 * A listener bound to `::` sees IPv4 peers as IPv4-mapped IPv6 (`::ffff:127.0.0.1`), so an
 * address is checked both as written and as its IPv4 form, and an IPv4 peer also as its mapped
 * IPv6 form: `127.0.0.0/8` and `::ffff:127.0.0.0/104` both match either spelling.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { ConfigError } from '../../config/config-error.js';

export interface TerminationRanges {
  readonly list: readonly string[];
  contains(address: string | undefined): boolean;
}

const MAPPED_PREFIX = '::ffff:';

export function terminationRanges(ranges: readonly string[], key: string): TerminationRanges {
  const blockList = new BlockList();
  for (const range of ranges) {
    const [network, prefixText, extra] = range.trim().split('/');
    const family = network && isIPv4(network) ? 'ipv4' : network && isIPv6(network) ? 'ipv6' : undefined;
    const prefix = Number(prefixText);
    const maxPrefix = family === 'ipv4' ? 32 : 128;
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > maxPrefix) {
      throw new ConfigError(`${key}: "${range}" is not a CIDR range (for example 10.0.0.0/8 or fd00::/8)`);
    }
    blockList.addSubnet(network!, prefix, family);
  }
  return {
    list: [...ranges],
    contains(address) {
      if (!address) return false;
      if (isIPv4(address)) return blockList.check(address, 'ipv4') || blockList.check(`${MAPPED_PREFIX}${address}`, 'ipv6');
      if (!isIPv6(address)) return false;
      if (blockList.check(address, 'ipv6')) return true;
      const lower = address.toLowerCase();
      const mapped = lower.startsWith(MAPPED_PREFIX) ? lower.slice(MAPPED_PREFIX.length) : '';
      return isIPv4(mapped) && blockList.check(mapped, 'ipv4');
    },
  };
}
