/**
 * A scripted browser for tests that cross Tessera and the reference login/consent app: it follows
 * nothing by itself (each hop is seen), keeps cookies (one jar, as a browser does for one host
 * on several ports), submits forms, and remembers every cookie value it was ever given.
 */
export interface Hop {
  status: number;
  location: string;
  body: string;
}

export class FormBrowser {
  readonly cookies = new Map<string, string>();
  /** Every cookie value ever set, also after it was replaced or cleared. */
  readonly cookieValuesSeen = new Set<string>();

  get(url: string): Promise<Hop> {
    return this.send(url, { method: 'GET' });
  }

  post(url: string, form: Record<string, string | string[]>): Promise<Hop> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    return this.send(url, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  private async send(url: string, init: RequestInit): Promise<Hop> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = { ...(init.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) };
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      this.cookies.set(pair!.slice(0, eq), value);
      if (value) this.cookieValuesSeen.add(value);
    }
    const location = response.headers.get('location') ?? '';
    return { status: response.status, location: location ? new URL(location, url).href : '', body: await response.text() };
  }
}

/** The hidden inputs of a rendered form (challenge, _csrf). */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]!] = match[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#96;/g, '`');
  }
  return fields;
}
