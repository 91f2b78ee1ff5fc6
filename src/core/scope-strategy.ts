/**
 * Whether a client's registered scopes allow a requested scope, per `strategies.scope`, with the
 * semantics of fosite's scope strategies that Hydra users rely on:
 * - wildcard (default): `foo.*` allows `foo.bar` and `foo.bar.baz`; otherwise equality.
 * - exact: equality only.
 * - hierarchical (deprecated): `foo` allows `foo` and `foo.bar`.
 */
export type ScopeStrategyName = 'wildcard' | 'exact' | 'DEPRECATED_HIERARCHICAL_SCOPE_STRATEGY';
export type ScopeStrategy = (allowed: readonly string[], requested: string) => boolean;

const exact: ScopeStrategy = (allowed, requested) => allowed.includes(requested);

const hierarchical: ScopeStrategy = (allowed, requested) =>
  allowed.some((scope) => scope === requested || requested.startsWith(`${scope}.`));

const wildcard: ScopeStrategy = (allowed, requested) => {
  const needle = requested.split('.');
  return allowed.some((matcher) => {
    const parts = matcher.split('.');
    if (parts.length > needle.length) return false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const isLast = i === parts.length - 1;
      if (part === '*') {
        if (needle[i]!.length === 0) return false;
        continue;
      }
      if (isLast && parts.length !== needle.length) return false;
      if (part !== needle[i]) return false;
    }
    return true;
  });
};

export function scopeStrategy(name: ScopeStrategyName): ScopeStrategy {
  if (name === 'exact') return exact;
  if (name === 'DEPRECATED_HIERARCHICAL_SCOPE_STRATEGY') return hierarchical;
  return wildcard;
}

/** RFC 6749 §3.3: scope is a space-delimited list; empty entries are not scopes. */
export function splitScope(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter((s) => s.length > 0);
}
