/**
 * A small keep-alive HTTP/1.1 client for the flow benchmarks, on node:http rather than fetch:
 * a code flow is six requests, and fetch's per-request cost on the load generator (which shares
 * the cores with the servers) would be measured instead of the servers. It follows no redirect.
 */
import { Agent, request as send } from 'node:http';

export interface Reply {
  status: number;
  location: string;
  setCookies: string[];
  text: string;
}

export interface Outgoing {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

export function call(url: string, outgoing: Outgoing = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string | number> = { ...outgoing.headers };
    if (outgoing.body !== undefined) headers['content-length'] = Buffer.byteLength(outgoing.body);
    const req = send(
      {
        agent,
        method: outgoing.method ?? 'GET',
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location ?? '',
            setCookies: res.headers['set-cookie'] ?? [],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(outgoing.body);
  });
}

/** Closes the kept-alive sockets, so that the bench process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
