/** Starting the peer (peer-oidc-provider.ts) in its own process, with the benchmark's signing keys. */
import type { ChildProcess } from 'node:child_process';
import { freePort, startProcess } from './processes.js';

export interface PeerInstance {
  child: ChildProcess;
  url: string;
  /** The discovery document: it answers once the provider listens. */
  readyUrl: string;
  spawnedAt: number;
}

export async function startPeer(jwks: { keys: Record<string, unknown>[] }): Promise<PeerInstance> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = startProcess(['dist/bench/peer-oidc-provider.js', String(port)], { PEER_JWKS: JSON.stringify(jwks) });
  const url = `http://127.0.0.1:${port}`;
  return { child, url, readyUrl: `${url}/.well-known/openid-configuration`, spawnedAt };
}
