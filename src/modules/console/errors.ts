// The console's own error pages, in its frame and language: a 404 for any /console/… address that is
// no page (a not-found handler for the /console prefix), and the error handler of the console's
// routes — 404, 429, 503 and any other failure as a 500 page, never a stack trace; the failure goes to
// the request's log line with its code, as for every other route (http/errors.ts).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RETRY_AFTER_SECONDS, toAppError } from '../../http/errors.ts';
import { noteOnRequest } from '../../http/request-log.ts';
import type { ConsolePages } from './pages.ts';

/** The console's answer to a failure of one of its routes, as a page of its own. */
export function consoleErrorHandler(pages: ConsolePages) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    noteOnRequest(request, { code: appError.code, ...(appError.status >= 500 && { err: error }) });
    const status = appError.status;
    if (status === 404) return pages.message(request, reply, 404, 'notFound');
    if (status === 429) {
      reply.header('retry-after', String(appError.retryAfterSeconds ?? 900));
      return pages.message(request, reply, 429, 'tooMany', Math.ceil((appError.retryAfterSeconds ?? 900) / 60));
    }
    if (status === 503) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return pages.message(request, reply, 503, 'unavailable');
    }
    if (status >= 500) return pages.message(request, reply, 500, 'serverError');
    return pages.message(request, reply, status, 'badRequest');
  };
}

/** Any address under /console that is no page: the console's 404, in its frame. */
export function registerConsoleNotFound(app: FastifyInstance, pages: ConsolePages) {
  app.register(
    async (scope) => {
      scope.setNotFoundHandler((request, reply) => pages.message(request, reply, 404, 'notFound'));
    },
    { prefix: '/console' },
  );
}
