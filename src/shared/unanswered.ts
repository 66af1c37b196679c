// Why an outbound call got no answer, in one line for a log or a delivery's last error. fetch says
// only "fetch failed" and hides the reason in `cause`; a timeout is a DOMException named TimeoutError.

/** "timed out after 300 ms", "connection reset (ECONNRESET)", "fetch failed: connect ECONNREFUSED …". */
export function unanswered(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const code = e?.cause?.code;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `connection reset (${code})`;
  const cause = e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? `: ${cause}` : ''}`.slice(0, 500);
}
