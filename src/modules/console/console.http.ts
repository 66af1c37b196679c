// The operator console's routes (issue 12): signing in with a second factor, the invitation and the
// enrolment, signing out, proving who you are again, home, and each area of work of an entity's pages
// (/console/e/<fiscal code>/…, sections.ts) behind the operator gate. HTML forms, no JavaScript needed.
import type { FastifyInstance } from 'fastify';
import { acceptForms } from '../../http/forms.ts';
import type { CsrfKeys } from '../../http/web/csrf.ts';
import type { Services } from '../../services.ts';
import { registerEnrolRoutes } from './enrol.http.ts';
import { registerFreshRoutes } from './fresh.http.ts';
import { consoleGate } from './gate.ts';
import { registerHomeRoutes } from './home.http.ts';
import { consolePages } from './pages.ts';
import { registerPeopleRoutes } from './people/people.http.ts';
import { registerSignInRoutes } from './sign-in.http.ts';

/** What the console's pages use: the app's services (each area takes the part it needs). */
export type ConsoleDeps = Services;

export function registerConsoleRoutes(
  app: FastifyInstance,
  deps: ConsoleDeps,
  options: { keys: CsrfKeys; sandbox: boolean },
) {
  const pages = consolePages(options);
  const gate = consoleGate({
    sessions: deps.operators.sessions,
    entities: deps.entities,
    clock: deps.clock,
    pages,
  });
  app.register(async (scope) => {
    acceptForms(scope);
    registerSignInRoutes(scope, deps, pages);
    registerEnrolRoutes(scope, deps, pages);
    registerFreshRoutes(scope, deps, pages, gate);
    registerHomeRoutes(scope, deps, pages, gate);
    registerPeopleRoutes(scope, { ...deps, db: deps.database.db }, pages, gate);
  });
}
