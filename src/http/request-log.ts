// Request logging: exactly one JSON line per request (pino through Fastify, which logs none of its
// own), with the request id, method, route pattern, status, duration and the entity the request acts
// for. Never the raw URL (query strings and paths carry fiscal codes, notice numbers, feed secrets),
// never headers (Authorization, cookies, API keys), never a citizen's fiscal code (ADR 0030).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import type { LogLevel } from '../config.ts';
import type { LogFields } from '../shared/logger.ts';

/** The process's logger: JSON lines on standard output (or `stream`), secrets censored if they slip in. */
export function createLogger(options: { level?: LogLevel; stream?: { write(line: string): void } }): PinoLogger {
  return pino(
    {
      level: options.level ?? 'info',
      // Nothing here logs headers; should a line carry them anyway, their secrets are censored.
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["ocp-apim-subscription-key"]',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
      ],
      // An error's message and stack, not its other fields (a pg error's `detail` quotes the row's values).
      serializers: { err: errorFields },
    },
    options.stream as DestinationStream | undefined,
  );
}

function errorFields(error: unknown) {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, stack: error.stack, ...(typeof code === 'string' && { code }) };
}

const notes = new WeakMap<FastifyRequest, LogFields>();

/** Adds fields to the request's one log line (the error code, the station's outcome…). */
export function noteOnRequest(request: FastifyRequest, fields: LogFields): void {
  notes.set(request, { ...notes.get(request), ...fields });
}

/** The request's route pattern (`/api/…/:iupd`), or `unmatched` when no route took it. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** The one line, when the response is sent: at error for 5xx or a noted error, warn when a note says `warning`. */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const note = notes.get(request) ?? {};
    const status = reply.statusCode;
    const fields = {
      method: request.method,
      route: routeOf(request),
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(request.entity && { entity: request.entity.fiscalCode }),
      ...note,
    };
    if (status >= 500 || note.err !== undefined) request.log.error(fields, 'request');
    else if (note.warning) request.log.warn(fields, 'request');
    else request.log.info(fields, 'request');
  });
}
