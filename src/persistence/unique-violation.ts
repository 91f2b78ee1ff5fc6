/**
 * Whether a driver error is a unique-constraint violation, so that a duplicate key becomes 409
 * Conflict (as Hydra's `sqlcon.HandleError` maps it) rather than a 500. Each driver names it its
 * own way: SQLSTATE 23505 (pg), ER_DUP_ENTRY / errno 1062 (mysql2), SQLITE_CONSTRAINT_PRIMARYKEY
 * or SQLITE_CONSTRAINT_UNIQUE (better-sqlite3).
 */
const CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: unknown; errno?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return false;
  return (typeof candidate.code === 'string' && CODES.has(candidate.code)) || candidate.errno === 1062;
}
