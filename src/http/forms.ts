// HTML forms (application/x-www-form-urlencoded) read into a plain object of strings, for the
// scope that registers it only: the API keeps refusing form bodies.
import type { FastifyInstance } from 'fastify';

/** Lets routes of `scope` read HTML forms of at most `bodyLimit` bytes. */
export function acceptForms(scope: FastifyInstance, bodyLimit = 8 * 1024): void {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
}
