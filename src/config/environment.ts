/**
 * Environment variables with Hydra's names: every key of the schema is reachable as its path
 * upper-cased with dots turned into underscores (`serve.public.port` is `SERVE_PUBLIC_PORT`).
 * The names are computed from the schema, not guessed from the variable, because keys such as
 * `allow_termination_from` contain underscores themselves. As ory/x configx (koanf_env.go over
 * jsonschemax ListPaths) does, the walk also enters the branches of oneOf/anyOf/allOf, so a key
 * that is "a URL or a section" has variables for both forms: `OAUTH2_TOKEN_HOOK` and
 * `OAUTH2_TOKEN_HOOK_URL`, `OAUTH2_TOKEN_HOOK_AUTH_CONFIG_NAME`, ...
 */
type Schema = Record<string, any>;

export interface EnvironmentKey {
  path: string[];
  type: string;
}

/** Hydra v1 names that the production guide still shows. */
const LEGACY_ALIASES: Record<string, string> = {
  PUBLIC_HOST: 'serve.public.host',
  ADMIN_HOST: 'serve.admin.host',
  PUBLIC_PORT: 'serve.public.port',
  ADMIN_PORT: 'serve.admin.port',
  // Hydra v0 names used by the bootstrap guide (seed 003): `-e ISSUER=... -e CONSENT_URL=...`.
  ISSUER: 'urls.self.issuer',
  CONSENT_URL: 'urls.consent',
};

export function environmentKeys(schema: Schema): Map<string, EnvironmentKey> {
  const keys = new Map<string, EnvironmentKey>();
  const walk = (node: Schema, path: string[]) => {
    const name = path.join('_').toUpperCase();
    if (path.length > 0 && !keys.has(name)) {
      const type = node.type ?? (node.oneOf || node.anyOf ? 'any' : 'string');
      keys.set(name, { path, type });
    }
    for (const [child, schema] of Object.entries((node.properties ?? {}) as Schema)) walk(schema, [...path, child]);
    for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) {
      for (const [child, schema] of Object.entries((branch.properties ?? {}) as Schema)) walk(schema, [...path, child]);
    }
  };
  walk(schema, []);
  // Aliases come first so that the current name, applied after, wins when both are set.
  const withAliases = new Map<string, EnvironmentKey>();
  for (const [alias, dotted] of Object.entries(LEGACY_ALIASES)) {
    const target = keys.get(dotted.replace(/\./g, '_').toUpperCase());
    if (target && !keys.has(alias)) withAliases.set(alias, target);
  }
  for (const [name, key] of keys) withAliases.set(name, key);
  return withAliases;
}

/**
 * Converts a variable's text to the type its key expects; the schema validation reports anything
 * left wrong. A section (`DB`, `LOG`, `SERVE`, ...) is only set from JSON, as Hydra's koanf provider
 * does: otherwise an unrelated variable that happens to share its name would stop the process.
 * Returns undefined for a variable to ignore.
 */
export function coerceEnvironmentValue(raw: string, type: string): unknown {
  switch (type) {
    case 'boolean':
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      return raw;
    case 'integer':
    case 'number':
      return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    case 'array':
      if (raw.trim().startsWith('[')) {
        try {
          return JSON.parse(raw);
        } catch {
          return raw;
        }
      }
      return raw === '' ? [] : raw.split(',').map((item) => item.trim());
    case 'object':
      try {
        const parsed = JSON.parse(raw);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
      } catch {
        return undefined;
      }
    case 'any':
      if (raw.trim().startsWith('{')) {
        try {
          return JSON.parse(raw);
        } catch {
          return raw;
        }
      }
      return raw;
    default:
      return raw;
  }
}

/**
 * configx also lists array items as paths (jsonschemax ListPathsWithArraysIncluded), so a list
 * can be given item by item: `SECRETS_SYSTEM_0`, `SECRETS_SYSTEM_1`, `SERVE_PUBLIC_CORS_ALLOWED_ORIGINS_0`.
 * Those items, in index order, make the list (after the whole-list variable's items, which an item
 * of the same index replaces); like any environment value, the list replaces the file's.
 */
export function indexedItems(env: NodeJS.ProcessEnv, name: string, whole: unknown): unknown[] | undefined {
  const prefix = `${name}_`;
  const items = new Map<number, string>();
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined || !variable.startsWith(prefix)) continue;
    const index = variable.slice(prefix.length);
    if (/^(0|[1-9][0-9]{0,3})$/.test(index)) items.set(Number(index), value);
  }
  if (items.size === 0) return undefined;
  const list: unknown[] = Array.isArray(whole) ? [...whole] : [];
  for (const [index, value] of items) list[index] = value;
  return list.filter((item) => item !== undefined);
}

export function setPath(target: Record<string, any>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]!] = value;
}
