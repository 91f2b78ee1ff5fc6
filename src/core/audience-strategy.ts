/**
 * Whether a requested audience is registered for the client, as fosite's default audience
 * matching that Hydra uses: same scheme and host, and a path equal to, or below, a registered
 * path. Returns the first audience that is not allowed, or undefined when all are.
 */
export function firstDisallowedAudience(registered: readonly string[], requested: readonly string[]): string | undefined {
  for (const needle of requested) {
    if (!registered.some((allowed) => audienceMatches(allowed, needle))) return needle;
  }
  return undefined;
}

function audienceMatches(allowed: string, needle: string): boolean {
  if (allowed === needle) return true;
  const a = parse(allowed);
  const n = parse(needle);
  if (!a || !n || a.scheme !== n.scheme || a.host !== n.host) return false;
  const base = a.path.replace(/\/+$/, '');
  return n.path === a.path || n.path === base || n.path.startsWith(`${base}/`);
}

/** Splits without normalising: a URL's path is compared as written, like Go's url.Parse. */
function parse(value: string): { scheme: string; host: string; path: string } | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(value);
  if (match) return { scheme: match[1]!.toLowerCase(), host: match[2]!, path: match[3]! };
  return { scheme: '', host: '', path: value.split(/[?#]/)[0]! };
}
