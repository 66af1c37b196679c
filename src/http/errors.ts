// The one place where errors become HTTP responses: RFC 7807 problem+json with a stable `code` and,
// for invalid input, `errors[]` naming each field. The code goes into the request's log line (at info
// for 4xx, at error with the error for 5xx: http/request-log.ts). The request id is in the
// X-Request-Id header of every response, not in the body: a refusal for another entity's data must
// read exactly as one for data that does not exist.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import { AppError, ERROR_CODES, type ErrorCode, type FieldProblem, invalid } from '../shared/errors.ts';
import { GPD_DATE_TIME, GPD_DATE_TIME_MESSAGE } from './formats.ts';
import { noteOnRequest } from './request-log.ts';

export interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/paymentOption/0/amount` → `paymentOption[0].amount`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** JSON-schema validation errors as field problems; `context` names the whole when no field can. */
export function ajvProblems(issues: readonly AjvIssue[], context: string | undefined): FieldProblem[] {
  return issues.map((issue) => {
    const base = pointerToPath(issue.instancePath);
    const join = (name: unknown) => (base ? `${base}.${String(name)}` : String(name));
    if (issue.keyword === 'required') return { path: join(issue.params.missingProperty), message: 'is required' };
    if (issue.keyword === 'additionalProperty' || issue.keyword === 'additionalProperties') {
      return { path: join(issue.params.additionalProperty), message: 'is not a known field' };
    }
    if (issue.keyword === 'format' && issue.params.format === GPD_DATE_TIME) {
      return { path: base || (context ?? 'body'), message: GPD_DATE_TIME_MESSAGE };
    }
    return { path: base || (context ?? 'body'), message: issue.message ?? 'is not valid' };
  });
}

const FASTIFY_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'SERVICE_UNAVAILABLE',
};

/** Maps any thrown value to its AppError equivalent. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation) {
    return invalid(ajvProblems(e.validation, e.validationContext));
  }
  const status = e.statusCode;
  if (status && status >= 400 && status < 500) {
    const code = FASTIFY_CODES[status] ?? 'BAD_REQUEST';
    return new AppError(code, e.message);
  }
  if (status === 503) return new AppError('SERVICE_UNAVAILABLE', e.message);
  if (isDatabaseUnavailable(error)) {
    return new AppError('SERVICE_UNAVAILABLE', 'The database cannot be reached just now; try again shortly.');
  }
  return new AppError('INTERNAL', 'An unexpected error occurred; it has been logged.');
}

export function problemBody(error: AppError) {
  const def = ERROR_CODES[error.code];
  return {
    type: `urn:cassa:problem:${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: def.title,
    status: def.status,
    detail: error.message,
    code: error.code,
    ...(error.problems.length > 0 && { errors: error.problems }),
  };
}

/** Seconds a client should wait before sending again a request answered 503. */
export const RETRY_AFTER_SECONDS = 5;

export function sendProblem(reply: FastifyReply, error: AppError) {
  if (error.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.status(error.status).type('application/problem+json').send(problemBody(error));
}

/** Renders an error page for people (the portal's): 404, 429, 500 or 503 in the portal's design. */
export type HtmlErrorPage = (request: FastifyRequest, reply: FastifyReply, status: 404 | 429 | 500 | 503) => unknown;

const MACHINE_PATHS = /^\/(api|admin|pagopa|docs|openapi\.json|health|ready)(\/|$|\?)/;

/** A browser asking for a page (not an API client): it gets the portal's error pages. */
function wantsPage(request: FastifyRequest): boolean {
  return !MACHINE_PATHS.test(request.url) && (request.headers.accept ?? '').includes('text/html');
}

export function registerErrorHandling(app: FastifyInstance, htmlPage?: HtmlErrorPage) {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    // The code, not the detail: a detail may quote what was sent (a fiscal code, a notice number).
    noteOnRequest(request, { code: appError.code, ...(appError.status >= 500 && { err: error }) });
    if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
    if (htmlPage && wantsPage(request) && [404, 429].includes(appError.status)) {
      return htmlPage(request, reply, appError.status as 404 | 429);
    }
    if (htmlPage && wantsPage(request) && appError.status >= 500) {
      if (appError.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return htmlPage(request, reply, appError.status === 503 ? 503 : 500);
    }
    return sendProblem(reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    if (htmlPage && wantsPage(request)) return htmlPage(request, reply, 404);
    return sendProblem(reply, new AppError('NOT_FOUND', 'The requested resource does not exist.'));
  });
}

/**
 * Once the app is closing (SIGTERM), a request that still arrives on a kept-alive connection is
 * answered 503 problem+json with Retry-After and `Connection: close`, like any other 503; requests
 * already in flight finish normally.
 */
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    noteOnRequest(request, { code: 'SERVICE_UNAVAILABLE', closing: true });
    return sendProblem(reply, new AppError('SERVICE_UNAVAILABLE', 'Cassa is shutting down; try again shortly.'));
  });
}
