// The people of an entity's console: its operators and roles (/operatori) and its audit log
// (/registro), registered together (console.http.ts).
import type { FastifyInstance } from 'fastify';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { registerAuditRoutes } from './audit.http.ts';
import { registerOperatorRoleRoutes } from './operator-roles.http.ts';
import { registerOperatorRoutes } from './operators.http.ts';
import type { PeopleDeps } from './people.ts';
import { registerRoleRoutes } from './roles.http.ts';

export function registerPeopleRoutes(app: FastifyInstance, deps: PeopleDeps, pages: ConsolePages, gate: ConsoleGate) {
  registerOperatorRoutes(app, deps, pages, gate);
  registerOperatorRoleRoutes(app, deps, pages, gate);
  registerRoleRoutes(app, deps, pages, gate);
  registerAuditRoutes(app, deps, pages, gate);
}
