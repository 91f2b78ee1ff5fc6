/**
 * A TCP proxy between Tessera and its database that a test can break in the ways a network
 * does, without touching the database service that other people use:
 * - `cut()`: every open connection is reset and new ones are refused (the database went down);
 * - `blackhole()`: connections stay open but nothing passes either way, and new ones hang
 *   (a partition: packets are dropped, no reset ever arrives);
 * - `restore()`: new connections pass again; connections held in a blackhole are reset, as a
 *   real partition ends with the server having long given up on them.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

type Mode = 'open' | 'cut' | 'blackhole';

export class TcpProxy {
  private mode: Mode = 'open';
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** The same DSN, pointed at the proxy. */
  route(dsn: string): string {
    const url = new URL(dsn);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  cut(): void {
    this.mode = 'cut';
    this.resetAll();
  }

  blackhole(): void {
    this.mode = 'blackhole';
    for (const socket of this.sockets) socket.pause();
  }

  restore(): void {
    if (this.mode === 'blackhole') this.resetAll();
    this.mode = 'open';
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'cut') return void client.resetAndDestroy();
    if (this.mode === 'blackhole') return void client.pause(); // held, never answered
    const upstream = connect(this.targetPort, this.targetHost);
    this.track(upstream);
    // A paused socket neither reads nor forwards: in a blackhole nothing passes either way.
    client.on('data', (chunk) => this.mode === 'open' && upstream.write(chunk));
    upstream.on('data', (chunk) => this.mode === 'open' && client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private resetAll(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }
}
