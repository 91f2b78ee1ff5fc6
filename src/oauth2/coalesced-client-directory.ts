/**
 * Client lookups for authentication, coalesced per event-loop turn: concurrent token requests of
 * one client share one database read. Nothing is cached across turns, so a client deleted or
 * given a new secret through any server process is seen by the next request (docs/design.md: caches
 * must stay correct across processes sharing one database).
 */
import { BatchedReader } from '../persistence/batched-reader.js';
import type { AuthenticatableClient, ClientDirectory } from './client-authentication.js';

type Found<C> = { client: C; secretHash: string | null; rotatedSecretHashes?: readonly string[] };

export function coalescedClientDirectory<C extends AuthenticatableClient>(directory: ClientDirectory<C>): ClientDirectory<C> {
  const reader = new BatchedReader<string, Found<C>>(async (ids) => {
    const found = await Promise.all(ids.map((id) => directory.getForAuthentication(id)));
    const byId = new Map<string, Found<C>>();
    ids.forEach((id, i) => {
      if (found[i]) byId.set(id, found[i]!);
    });
    return byId;
  });
  return { getForAuthentication: (id) => reader.read(id) };
}
