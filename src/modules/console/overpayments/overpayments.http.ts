// The console's over-payments and refunds (issue 12, ADR 0039): the worklist, an item's page with
// its notes and refunds, the refund form.
import type { FastifyInstance } from 'fastify';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { registerItemRoutes } from './item.http.ts';
import type { OverpaymentsDeps } from './paths.ts';
import { registerRefundRoutes } from './refund.http.ts';
import { registerWorklistRoute } from './worklist.http.ts';

export function registerOverpaymentsRoutes(
  app: FastifyInstance,
  deps: OverpaymentsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  registerWorklistRoute(app, deps, pages, gate);
  // The refund form before the item's routes: /:id/rimborso is its own page.
  registerRefundRoutes(app, deps, pages, gate);
  registerItemRoutes(app, deps, pages, gate);
}
