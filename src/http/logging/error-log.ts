/**
 * What an error contributes to a log line: its type, code, message and stack, nothing else.
 * pino's standard serializer copies every enumerable property, and driver errors carry the
 * statement and its bound values (mysql2's sql field, pg `detail`/`where`, Kysely parameters), an HTTP
 * client error its request with headers: any of those can hold a token signature, a client
 * secret hash or an Authorization header. Only the fields below are known to be free of them.
 */
export interface LoggedError {
  type?: string;
  message: string;
  code?: string;
  stack?: string;
}

export function serializeError(error: unknown): LoggedError {
  if (!(error instanceof Error)) {
    // A plain { message } object (already reduced by the caller) is passed through as is.
    return typeof error === 'object' && error !== null && 'message' in error
      ? { message: String((error as { message: unknown }).message) }
      : { message: String(error) };
  }
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}
