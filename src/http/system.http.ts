// Operational routes: liveness, readiness (the database answers), and the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';

const statusSchema = {
  type: 'object',
  properties: { status: { type: 'string' }, database: { type: 'string' } },
} as const;

export function registerSystemRoutes(app: FastifyInstance, database: Database) {
  app.get(
    '/health',
    { schema: { tags: ['System'], summary: 'The process is up', response: { 200: statusSchema } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['System'],
        summary: 'The database answers (503 otherwise)',
        response: { 200: statusSchema },
      },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(database.db);
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE', 'The database does not answer');
      }
      return { status: 'ok', database: database.kind };
    },
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
