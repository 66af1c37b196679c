// The logging port: what services, jobs and the database need to say something, without knowing
// that pino (main.ts, app.ts) writes it. Fields go in `fields`, never personal data (ADR 0030).

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  /** A logger whose lines all carry `bindings` too (e.g. a job's id and request id). */
  child(bindings: LogFields): Logger;
}

/** Says nothing: the default of createServices and the database outside main.ts. */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

export interface LogLine extends LogFields {
  level: 'info' | 'warn' | 'error';
  msg: string;
}

/** Keeps every line in `lines` (children's too, with their bindings), for tests to read. */
export function recordingLogger(bindings: LogFields = {}, lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const write = (level: LogLine['level']) => (fields: LogFields, message: string) => {
    lines.push({ ...bindings, ...fields, level, msg: message });
  };
  return {
    lines,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => recordingLogger({ ...bindings, ...more }, lines),
  };
}

/**
 * What a request id (or a job's) may look like: a short token of safe characters. An incoming
 * X-Request-Id that is not one is replaced, so a client cannot put arbitrary text in logs and audit.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
