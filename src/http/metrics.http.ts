// GET /metrics: the Prometheus exposition of this app's registry (http/prometheus.ts), and the
// hook that times every request by its route pattern. With METRICS_TOKEN set, the scraper sends it
// as a Bearer token (compared in constant time); without one, only this machine may scrape.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';
import type { PrometheusMetrics } from './prometheus.ts';
import { routeOf } from './request-log.ts';

export const METRICS_PATH = '/metrics';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the header carries the token; hashing first makes the comparison's time independent of either length. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  return timingSafeEqual(digest(presented), digest(token));
}

const isLoopback = (address: string | undefined) =>
  address !== undefined && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));

/**
 * Without a token: the connection must come from the loopback (the socket's address, which a client
 * cannot forge) and, when a trusted proxy relayed it, so must the client the proxy names — a proxy on
 * this machine must not open /metrics to the world.
 */
function fromThisMachine(request: FastifyRequest): boolean {
  return isLoopback(request.socket.remoteAddress) && isLoopback(request.ip);
}

export function registerMetrics(
  app: FastifyInstance,
  metrics: PrometheusMetrics,
  options: { token?: string | undefined },
) {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      { method: request.method, route: routeOf(request), status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    METRICS_PATH,
    {
      onRequest: async (request) => {
        if (options.token !== undefined) {
          if (!bearerMatches(request.headers.authorization, options.token)) {
            throw new AppError('UNAUTHENTICATED', 'Send the metrics token as Authorization: Bearer <METRICS_TOKEN>');
          }
        } else if (!fromThisMachine(request)) {
          throw new AppError('FORBIDDEN', 'Without METRICS_TOKEN, metrics are served to this machine only');
        }
      },
      schema: {
        tags: ['System'],
        summary: 'Metrics in the Prometheus text format',
        description:
          'Requests by route pattern and status with their durations, pagoPA station calls, payments taken in, webhook deliveries, background jobs and queue depths, database connections. With METRICS_TOKEN configured, send it as `Authorization: Bearer <token>` (401 otherwise); without it, only callers on the loopback are answered (403 otherwise).',
        security: [{ Bearer: [] }],
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4.',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store');
      return metrics.registry.metrics();
    },
  );
}
