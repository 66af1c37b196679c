// The operator console's routes (issue 12): signing in with a second factor, the invitation and the
// enrolment, signing out, and the home page behind the operator gate. HTML forms only, no JavaScript.
import type { FastifyInstance } from 'fastify';
import { acceptForms } from '../../http/forms.ts';
import type { CsrfKeys } from '../../http/web/csrf.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { OperatorsModule } from '../operators/operators.module.ts';
import { registerEnrolRoutes } from './enrol.http.ts';
import { consoleGate } from './gate.ts';
import { registerHomeRoutes } from './home.http.ts';
import { consolePages } from './pages.ts';
import { registerSignInRoutes } from './sign-in.http.ts';

export interface ConsoleDeps {
  operators: OperatorsModule;
  entities: Pick<EntitiesService, 'byFiscalCode' | 'byId'>;
}

export function registerConsoleRoutes(
  app: FastifyInstance,
  deps: ConsoleDeps,
  options: { keys: CsrfKeys; sandbox: boolean },
) {
  const pages = consolePages(options);
  const gate = consoleGate({ sessions: deps.operators.sessions, entities: deps.entities });
  app.register(async (scope) => {
    acceptForms(scope);
    registerSignInRoutes(scope, deps, pages);
    registerEnrolRoutes(scope, deps, pages);
    registerHomeRoutes(scope, deps, pages, gate);
  });
}
