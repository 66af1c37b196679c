// Whether an error means "the database cannot be reached just now" rather than "this request is
// wrong" or "Cassa has a bug": the connection was cut, refused or timed out, or the server is
// shutting down or starting. Such a request may succeed if sent again later, so the API answers it
// 503 with Retry-After (http/errors.ts) instead of 500.

/** SQLSTATE classes and codes of a lost or refused connection. */
const CONNECTION_SQLSTATES = /^(08...|57P01|57P02|57P03|53300)$/;
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// pg's own messages for a connection that ended, could not be made in time, or is no longer usable.
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Client has encountered a connection error|Connection ended unexpectedly/i;

/** True for an error (or one of its causes) that says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, errors, cause } = e as {
      code?: unknown;
      message?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (CONNECTION_SQLSTATES.test(code) || NETWORK_CODES.has(code))) return true;
    if (typeof message === 'string' && PG_MESSAGES.test(message)) return true;
    // Node reports a refused connection to a name with several addresses as an AggregateError.
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = cause;
  }
  return false;
}
