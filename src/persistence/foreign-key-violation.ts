/**
 * Whether a driver error is the database refusing a row whose client (or flow) no longer exists:
 * a request that read its client before a concurrent DELETE /admin/clients/{id} and wrote after
 * it (migration 20261207000100). That is the client's absence, never a server fault: it renders
 * as invalid_client, as an unknown client does. PostgreSQL: SQLSTATE 23503; mysql2:
 * ER_NO_REFERENCED_ROW_2 / errno 1452; SQLite: the guard trigger's RAISE(ABORT), or a real
 * foreign key should one ever be declared.
 */
import { SQLITE_ORPHAN_MESSAGE } from './migrations/20261207000100-client-cascade.js';

const CODES = new Set(['23503', 'ER_NO_REFERENCED_ROW_2', 'ER_NO_REFERENCED_ROW', 'SQLITE_CONSTRAINT_FOREIGNKEY']);

export function isForeignKeyViolation(error: unknown): boolean {
  const candidate = error as { code?: unknown; errno?: unknown; message?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return false;
  if (typeof candidate.code === 'string' && CODES.has(candidate.code)) return true;
  if (candidate.errno === 1452 || candidate.errno === 1216) return true;
  return candidate.code === 'SQLITE_CONSTRAINT_TRIGGER' && typeof candidate.message === 'string' && candidate.message.includes(SQLITE_ORPHAN_MESSAGE);
}
