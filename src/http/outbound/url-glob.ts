/**
 * The patterns of `clients.http.private_ip_exception_urls`. Hydra matches each request URL
 * (query and fragment removed) against every entry compiled by gobwas/glob with '.' and '/' as
 * separators (ory/x httpx/ssrf.go noInternalIPRoundTripper), so an entry is a literal URL or a
 * glob: `*` any run of characters without '.' or '/', `**` any run at all, `?` one character
 * other than '.' or '/', `[abc]`, `[a-z]`, `[!abc]` one character of (or not of) a class,
 * `{a,b}` alternatives, `\` escapes the next character. Beyond Hydra, an entry also matches a URL
 * equal to it character for character, so that `http://[::1]:8080/hook` (whose brackets glob
 * would read as a class) is excepted as Hydra's documentation ("an exact match") promises.
 */
export type UrlMatcher = (url: string) => boolean;

export class GlobSyntaxError extends Error {}

export function compileUrlGlob(pattern: string): UrlMatcher {
  const source = new GlobParser(pattern).parse();
  let regex: RegExp;
  try {
    regex = new RegExp(`^${source}$`, 'su');
  } catch (error) {
    throw new GlobSyntaxError((error as Error).message);
  }
  return (url) => url === pattern || regex.test(url);
}

const NOT_SEPARATOR = '[^./]';

class GlobParser {
  private at = 0;
  private depth = 0;

  constructor(private readonly pattern: string) {}

  parse(): string {
    const source = this.sequence();
    if (this.at < this.pattern.length) throw new GlobSyntaxError(`unexpected "${this.pattern[this.at]}" at ${this.at}`);
    return source;
  }

  /** Reads until the end, or inside `{...}` until the `,` or `}` that ends this alternative. */
  private sequence(): string {
    let out = '';
    while (this.at < this.pattern.length) {
      const char = this.pattern[this.at]!;
      if (this.depth > 0 && (char === ',' || char === '}')) return out;
      this.at += 1;
      if (char === '*') {
        if (this.pattern[this.at] === '*') {
          this.at += 1;
          out += '.*';
        } else out += `${NOT_SEPARATOR}*`;
      } else if (char === '?') out += NOT_SEPARATOR;
      else if (char === '[') out += this.characterClass();
      else if (char === '{') out += this.alternatives();
      else if (char === '\\') out += literal(this.pattern[this.at++] ?? '');
      else out += literal(char);
    }
    return out;
  }

  private alternatives(): string {
    this.depth += 1;
    const options = [this.sequence()];
    while (this.pattern[this.at] === ',') {
      this.at += 1;
      options.push(this.sequence());
    }
    if (this.pattern[this.at] !== '}') throw new GlobSyntaxError('unclosed "{"');
    this.at += 1;
    this.depth -= 1;
    return `(?:${options.join('|')})`;
  }

  /** `[` already read: `[!...]` negates; `a-z` is a range; the class ends at the next `]`. */
  private characterClass(): string {
    const close = this.pattern.indexOf(']', this.at);
    if (close < 0) throw new GlobSyntaxError('unclosed "["');
    let body = this.pattern.slice(this.at, close);
    this.at = close + 1;
    const negated = body.startsWith('!');
    if (negated) body = body.slice(1);
    if (body.length === 0) throw new GlobSyntaxError('empty "[]"');
    const range = /^(.)-(.)$/su.exec(body);
    const members = range ? `${classChar(range[1]!)}-${classChar(range[2]!)}` : [...body].map(classChar).join('');
    return `[${negated ? '^' : ''}${members}]`;
  }
}

function literal(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

function classChar(char: string): string {
  return char.replace(/[\]\\^-]/gu, '\\$&');
}
