/**
 * The cookies of one simulated browser: every cookie is sent on every request (both servers
 * under test live on one host; paths are not needed to tell their cookies apart), and a cookie
 * set to expire is dropped, as a browser would.
 */
import { call, type Outgoing, type Reply } from './http-client.js';

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  async call(url: string, outgoing: Outgoing = {}): Promise<Reply> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const reply = await call(url, cookie ? { ...outgoing, headers: { ...outgoing.headers, cookie } } : outgoing);
    for (const line of reply.setCookies) this.keep(line);
    return reply;
  }

  private keep(line: string): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, pair!.slice(eq + 1).trim());
  }
}
