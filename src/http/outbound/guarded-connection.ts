/**
 * The socket of one outbound request, checked twice against the address policy:
 * - the `lookup` resolves the name and keeps only permitted addresses, so a name that resolves to
 *   a private address is refused before any connection (node skips `lookup` for IP literals);
 * - an IP literal (for which node calls no `lookup`) is judged before connecting, by the caller,
 *   so that no SYN reaches a refused address and no port state leaks through the error;
 * - the check at 'connect' judges the address actually connected to, the guarantee that holds
 *   whatever the resolver did (ory/x checks in the dialer's Control hook for the same reason: the
 *   address judged is the address dialed, so DNS rebinding between a check and the connect cannot
 *   pass). The listener is attached before the HTTP layer writes anything, so a refused peer gets
 *   no byte, not even a TLS ClientHello: TLS starts on the checked TCP socket.
 */
import { connect as connectTcp, isIP, type LookupFunction, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Duplex } from 'node:stream';
import { addressRefusal, type AddressPolicy } from './ip-ranges.js';
import { OutboundRefusal } from './outbound-errors.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface Destination {
  hostname: string;
  port: number;
  tls: boolean;
  policy: AddressPolicy | undefined;
}

/** Opens the socket; `refused` receives the refusal, which TLS would otherwise report as a hang-up. */
export function guardedConnection(destination: Destination, resolve: Resolver, refused: (error: OutboundRefusal) => void): Duplex {
  const { hostname, port, policy } = destination;
  const literal = isIP(hostname) !== 0;
  const socket: Socket = connectTcp({ host: hostname, port, lookup: policy ? guardedLookup(hostname, policy, resolve, refused) : undefined });
  if (policy) checkAtConnect(socket, hostname, policy, refused);
  if (!destination.tls) return socket;
  return connectTls({ socket, host: hostname, servername: literal ? undefined : hostname, ALPNProtocols: ['http/1.1'] });
}

/**
 * Judges the peer once the TCP connection is up, before any listener registered later (the HTTP
 * layer's pending writes, TLS's start) runs: a refused peer is destroyed before it gets a byte.
 */
export function checkAtConnect(socket: Socket, hostname: string, policy: AddressPolicy, refused: (error: OutboundRefusal) => void): void {
  socket.prependOnceListener('connect', () => {
    const reason = addressRefusal(socket.remoteAddress, policy);
    if (!reason) return;
    const refusal = new OutboundRefusal(hostname, isIP(hostname) !== 0, reason);
    refused(refusal);
    socket.destroy(refusal);
  });
}

function guardedLookup(hostname: string, policy: AddressPolicy, resolve: Resolver, refused: (error: OutboundRefusal) => void): LookupFunction {
  return (_name, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const candidates = addresses.filter((entry) => family === 0 || entry.family === family);
        const permitted = candidates.filter((entry) => !addressRefusal(entry.address, policy));
        if (permitted.length === 0) {
          const reasons = candidates.map((entry) => addressRefusal(entry.address, policy)).join('; ');
          const refusal = new OutboundRefusal(hostname, false, `${hostname} resolves to ${reasons || 'no address'}`);
          refused(refusal);
          callback(refusal, '', 0);
        } else if (options.all) {
          (callback as unknown as (error: null, all: ResolvedAddress[]) => void)(null, permitted);
        } else {
          callback(null, permitted[0]!.address, permitted[0]!.family);
        }
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}
