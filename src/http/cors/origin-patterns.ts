/**
 * Origin matching as Hydra does it, in its two flavours:
 * - the listener list (`serve.*.cors.allowed_origins`), matched like rs/cors and Ory's
 *   `corsx.CheckOrigin`: "*" (or an empty list) allows all, one "*" stands for any characters;
 * - the globs of `x/oauth2cors` (used there for the listener list and for a client's
 *   `allowed_cors_origins`): "*" stays within one DNS label, "**" crosses labels, and
 *   "scheme://*" allows any host of that scheme.
 * Both skip an "unbounded" wildcard (Hydra's `corsx.ClassifyOrigin`): a "*" that is not followed
 * by ".<registrable domain>", such as "https://*foo.com" (matches https://evilfoo.com) or
 * "https://*.com", would let an attacker register a matching origin.
 * Matching ignores case, as rs/cors does ("as it may be error prone, we chose to ignore the spec").
 */

/**
 * Hydra asks the Public Suffix List whether the domain after the wildcard is registrable. Tessera
 * has no copy of the list: a base with a single label is refused, and so are these well-known
 * multi-label public suffixes. Any other public suffix (an uncommon ccTLD second level) is not
 * detected; docs/cors-and-admin-auth.md tells operators not to rely on it.
 */
const MULTI_LABEL_PUBLIC_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.nz', 'co.jp', 'ne.jp', 'or.jp',
  'co.kr', 'com.br', 'com.cn', 'com.mx', 'co.in', 'co.za', 'com.tr', 'com.tw', 'com.sg', 'com.hk',
  'github.io', 'gitlab.io', 'vercel.app', 'netlify.app', 'herokuapp.com', 'pages.dev', 'workers.dev',
  'web.app', 'firebaseapp.com', 'appspot.com', 'azurewebsites.net', 'cloudfront.net', 'amazonaws.com',
  'blogspot.com', 'fly.dev', 'onrender.com', 'glitch.me', 'ngrok.io', 'ngrok-free.app',
]);

export function isUnboundedWildcard(pattern: string): boolean {
  const star = pattern.lastIndexOf('*');
  if (star < 0) return false;
  const dot = pattern.indexOf('.', star);
  if (dot < 0) return true;
  const base = pattern.slice(dot + 1).toLowerCase().split(':', 1)[0]!;
  const labels = base.split('.');
  if (labels.length < 2 || labels.some((label) => label === '' || label.includes('*'))) return true;
  return MULTI_LABEL_PUBLIC_SUFFIXES.has(base);
}

/** `corsx.CheckOrigin`: the listener list as rs/cors reads it. */
export function listenerListAllows(patterns: readonly string[], origin: string): boolean {
  if (patterns.length === 0) return true;
  const candidate = origin.toLowerCase();
  for (const raw of patterns) {
    if (raw === '*') return true;
    const pattern = raw.toLowerCase();
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === candidate) return true;
      continue;
    }
    if (isUnboundedWildcard(pattern)) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (candidate.length >= prefix.length + suffix.length && candidate.startsWith(prefix) && candidate.endsWith(suffix)) return true;
  }
  return false;
}

/** `x/oauth2cors`: any glob of the list matches (the client's list, or the listener's). */
export function globListAllows(patterns: readonly string[], origin: string): boolean {
  const candidate = origin.toLowerCase();
  return patterns.some((pattern) => globMatches(pattern, candidate));
}

function globMatches(raw: string, candidate: string): boolean {
  if (raw === '*') return true;
  let pattern = raw.toLowerCase();
  const schemeEnd = pattern.indexOf('://');
  if (schemeEnd >= 0 && pattern.slice(schemeEnd + 3) === '*') {
    pattern = `${pattern.slice(0, schemeEnd)}://**`;
  } else if (isUnboundedWildcard(pattern)) {
    return false;
  }
  return globRegExp(pattern).test(candidate);
}

const compiled = new Map<string, RegExp>();

/** gobwas/glob with '.' as separator, reduced to the operators origins use: "*", "**", "?". */
function globRegExp(pattern: string): RegExp {
  let expression = compiled.get(pattern);
  if (!expression) {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const char = pattern[i]!;
      if (char === '*' && pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else if (char === '*') {
        source += '[^.]*';
      } else if (char === '?') {
        source += '[^.]';
      } else {
        source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
      }
    }
    expression = new RegExp(`^${source}$`);
    if (compiled.size < 1000) compiled.set(pattern, expression);
  }
  return expression;
}
