/**
 * Whether the database refused a statement because a value does not fit its column: text longer
 * than a VARCHAR or MySQL TEXT holds (PostgreSQL SQLSTATE 22001 string_data_right_truncation,
 * MySQL ER_DATA_TOO_LONG), a number out of an integer column's range (22003,
 * ER_WARN_DATA_OUT_OF_RANGE), or text the column cannot encode (22021, 22P05,
 * ER_TRUNCATED_WRONG_VALUE_FOR_FIELD). Such values come from a client (a 70 KB client_name, a
 * 300-character subject); the statement changed nothing, and the answer is a 400, not a 500.
 * SQLite has no such limits and stores them.
 */
const POSTGRES_CODES = new Set(['22001', '22003', '22021', '22P05']);
const MYSQL_CODES = new Set(['ER_DATA_TOO_LONG', 'ER_WARN_DATA_OUT_OF_RANGE', 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', 'ER_TRUNCATED_WRONG_VALUE']);

export function isValueRefusedByDatabase(error: unknown): boolean {
  const candidate = error as { code?: unknown; severity?: unknown; sqlMessage?: unknown } | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.code !== 'string') return false;
  // pg's DatabaseError carries a severity; mysql2's error its server message.
  if (candidate.severity !== undefined && POSTGRES_CODES.has(candidate.code)) return true;
  return candidate.sqlMessage !== undefined && MYSQL_CODES.has(candidate.code);
}
