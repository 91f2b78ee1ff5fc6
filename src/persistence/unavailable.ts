/**
 * Whether an error means "the database cannot be reached now" (503, retry) rather than a bug
 * (500). Covers the socket errors every driver surfaces, PostgreSQL's connection-exception and
 * shutdown SQLSTATEs and every FATAL (a FATAL ends or refuses the session: a database that
 * does not accept connections, a terminated backend, refused credentials), mysql2's
 * lost-connection and refused-handshake codes, and the pools' timeouts.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_ACCESS_DENIED_ERROR', // the handshake is refused: this server cannot reach its database
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_HOST_IS_BLOCKED',
  'ER_HOST_NOT_PRIVILEGED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  'SQLITE_BUSY',
]);

const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection lost',
  'Query read timeout',
  'connect ECONNREFUSED',
  'Pool is closed',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown; cause?: unknown; severity?: unknown; fatal?: unknown } | undefined;
  if (!candidate || typeof candidate !== 'object') return false;
  // pg: FATAL is the severity of every error that ends the session; mysql2: `fatal` likewise.
  if (candidate.severity === 'FATAL' || candidate.fatal === true) return true;
  if (typeof candidate.code === 'string') {
    if (NETWORK_CODES.has(candidate.code) || candidate.code.startsWith('08')) return true;
  }
  if (typeof candidate.message === 'string' && MESSAGES.some((m) => (candidate.message as string).includes(m))) {
    return true;
  }
  if (candidate.cause && candidate.cause !== error) return isDatabaseUnavailable(candidate.cause);
  const aggregate = error as { errors?: unknown[] };
  return Array.isArray(aggregate.errors) && aggregate.errors.some(isDatabaseUnavailable);
}

/** The database could not be used at start: says which one (password hidden) and why. */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly dsn: string,
    override readonly cause: unknown,
  ) {
    super(`Unable to use the database ${dsn}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DatabaseUnreachableError';
  }
}

/** Makes the first contact explicit, so that a wrong DSN fails with a sentence rather than a driver's fragment. */
export async function checkReachable(database: { ping(): Promise<void> }, redactedDsn: string): Promise<void> {
  try {
    await database.ping();
  } catch (error) {
    throw new DatabaseUnreachableError(redactedDsn, error);
  }
}
