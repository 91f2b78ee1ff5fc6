/**
 * Hydra's data source names: `memory`, `sqlite://path?...`, `postgres://...`, `cockroach://...`
 * and `mysql://user:pass@tcp(host:port)/db?...` (Go driver syntax) or `mysql://user:pass@host:port/db`.
 * Pool options ride in the query (`max_conns`, `max_idle_conns`, `max_conn_lifetime`,
 * `max_conn_idle_time`) and are taken out before the driver sees the URL.
 */
export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export interface PoolOptions {
  maxConnections?: number;
  maxIdleConnections?: number;
  maxLifetimeMs?: number;
  idleTimeoutMs?: number;
}

export interface ParsedDsn {
  dialect: Dialect;
  /** For SQLite: a file path or ':memory:'. For servers: the URL the driver takes. */
  target: string;
  memory: boolean;
  pool: PoolOptions;
  /** The same DSN with the password replaced, for messages and logs. */
  redacted: string;
}

export class DsnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DsnError';
  }
}

const POOL_PARAMS = ['max_conns', 'max_idle_conns', 'max_conn_lifetime', 'max_conn_idle_time'];

export function parseDsn(dsn: string | undefined): ParsedDsn {
  if (!dsn) throw new DsnError('dsn is not set: set DSN (for example DSN=memory) or dsn in the config file');
  if (dsn === 'memory') {
    return { dialect: 'sqlite', target: ':memory:', memory: true, pool: {}, redacted: 'memory' };
  }
  const scheme = dsn.slice(0, dsn.indexOf('://'));
  switch (scheme) {
    case 'sqlite':
    case 'sqlite3':
      return parseSqlite(dsn, scheme);
    case 'postgres':
    case 'postgresql':
    case 'cockroach':
    case 'cockroachdb':
      return parseServer(dsn, dsn, 'postgres', 'postgres');
    case 'mysql':
      return parseServer(dsn, dsn.replace(/@tcp\(([^)]*)\)/, '@$1'), 'mysql', 'mysql');
    default:
      throw new DsnError(
        `dsn "${redact(dsn)}" has an unknown scheme: expected memory, sqlite://, postgres://, cockroach:// or mysql://`,
      );
  }
}

function parseSqlite(dsn: string, scheme: string): ParsedDsn {
  const rest = dsn.slice(scheme.length + 3);
  const [pathPart, query = ''] = rest.split('?', 2) as [string, string?];
  let path = pathPart.startsWith('file:') ? pathPart.slice(5) : pathPart;
  const params = new URLSearchParams(query);
  const memory = path === ':memory:' || params.get('mode') === 'memory' || path === '';
  if (memory) path = ':memory:';
  return { dialect: 'sqlite', target: path, memory, pool: {}, redacted: dsn };
}

/** `original` is what the operator wrote (shown, redacted); `dsn` is its URL form. */
function parseServer(original: string, dsn: string, dialect: Dialect, driverScheme: string): ParsedDsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new DsnError(`dsn "${redact(original)}" is not a valid URL`);
  }
  const pool: PoolOptions = {};
  const number = (name: string) => {
    const raw = url.searchParams.get(name);
    if (raw === null) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new DsnError(`dsn parameter ${name}="${raw}" must be a whole number`);
    return value;
  };
  pool.maxConnections = number('max_conns');
  pool.maxIdleConnections = number('max_idle_conns');
  const lifetime = url.searchParams.get('max_conn_lifetime');
  const idle = url.searchParams.get('max_conn_idle_time');
  if (lifetime) pool.maxLifetimeMs = goDurationMs(lifetime);
  if (idle) pool.idleTimeoutMs = goDurationMs(idle);
  for (const name of POOL_PARAMS) url.searchParams.delete(name);
  if (dialect === 'mysql') {
    // Go-driver options that mysql2 does not know; the meaning they carry is mysql2's default.
    for (const name of ['parseTime', 'multiStatements', 'loc', 'collation', 'charset']) url.searchParams.delete(name);
  }
  const sslmode = url.searchParams.get('sslmode');
  if (dialect === 'postgres' && (sslmode === 'prefer' || sslmode === 'require' || sslmode === 'verify-ca') && !url.searchParams.has('uselibpqcompat')) {
    // Hydra's driver (pgx) reads sslmode as libpq does: `require` encrypts without verifying the
    // certificate (unless sslrootcert is given), `verify-ca` checks the CA only. node-postgres reads
    // `prefer`, `require` and `verify-ca` as `verify-full` unless told to follow libpq, which would
    // refuse a Hydra DSN that works with Hydra (a private CA, a self-signed certificate).
    // `prefer` still needs a server that speaks TLS: node-postgres does not fall back to plain text.
    url.searchParams.set('uselibpqcompat', 'true');
  }
  const target = `${driverScheme}://${dsn.slice(dsn.indexOf('://') + 3).split('?')[0]}${url.search}`;
  return { dialect, target, memory: false, pool, redacted: redact(original) };
}

function goDurationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(value);
  if (!match) throw new DsnError(`dsn duration "${value}" must look like 30s, 5m or 1h`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

/**
 * Replaces the password of a DSN, so that it can be printed. The user information ends at the
 * last "@" before Go's `tcp(`/`unix(` address, or else before the first "/" of the path (in URL
 * form a password cannot hold a raw "/"), so a password holding "@" is hidden whole.
 */
export function redact(dsn: string): string {
  const start = dsn.indexOf('://') + 3;
  if (start < 3) return dsn;
  const goAddress = [...dsn.matchAll(/@(tcp|unix)\(/g)].pop()?.index;
  const slash = dsn.indexOf('/', start);
  const end = goAddress ?? dsn.lastIndexOf('@', slash < 0 ? dsn.length : slash);
  if (end < start) return dsn;
  const colon = dsn.slice(start, end).indexOf(':');
  return colon < 0 ? dsn : `${dsn.slice(0, start + colon + 1)}***${dsn.slice(end)}`;
}
