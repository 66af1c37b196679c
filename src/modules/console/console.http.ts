// The operator console's routes (issue 12): signing in with a second factor, the invitation and the
// enrolment, signing out, proving who you are again, home, and each area of work of an entity's pages
// (/console/e/<fiscal code>/…, sections.ts) behind the operator gate. HTML forms, no JavaScript needed.
import type { FastifyInstance } from 'fastify';
import { acceptForms } from '../../http/forms.ts';
import type { CsrfKeys } from '../../http/web/csrf.ts';
import type { Services } from '../../services.ts';
import { accountPages, registerAccountRoutes } from './account/account.http.ts';
import { registerPasskeyRoutes } from './account/passkeys.http.ts';
import { registerDashboardRoutes } from './dashboard/dashboard.http.ts';
import { registerEnrolRoutes } from './enrol.http.ts';
import { consoleErrorHandler, registerConsoleNotFound } from './errors.ts';
import { registerFreshRoutes } from './fresh.http.ts';
import { consoleGate } from './gate.ts';
import { registerHelpdeskRoutes } from './helpdesk/helpdesk.http.ts';
import { registerHomeRoutes } from './home.http.ts';
import { registerConsoleOidcRoutes } from './oidc.http.ts';
import type { ConsoleOidcProvider } from './oidc-buttons.ts';
import { registerOverpaymentsRoutes } from './overpayments/overpayments.http.ts';
import { consolePages } from './pages.ts';
import { registerPeopleRoutes } from './people/people.http.ts';
import { registerPaymentRoutes } from './position-forms/payment.http.ts';
import { registerPositionActRoutes } from './position-forms/position-acts.http.ts';
import { registerPositionFormRoutes } from './position-forms/position-form.http.ts';
import { registerPositionsRoutes } from './positions/positions.http.ts';
import { registerCatalogueRoutes } from './settings/catalogue.http.ts';
import { registerEntitySettingsRoutes } from './settings/entity-settings.http.ts';
import { registerKeyRoutes } from './settings/keys.http.ts';
import { registerWebhookDeliveryRoutes } from './settings/webhook-deliveries.http.ts';
import { registerWebhookRoutes } from './settings/webhooks.http.ts';
import { registerSignInRoutes, signInPageOf } from './sign-in.http.ts';
import { registerUploadRoutes } from './uploads/uploads.http.ts';

/** What the console's pages use: the app's services (each area takes the part it needs). */
export type ConsoleDeps = Services;

export function registerConsoleRoutes(
  app: FastifyInstance,
  deps: ConsoleDeps,
  options: { keys: CsrfKeys; sandbox: boolean; oidc?: readonly ConsoleOidcProvider[]; publicUrl?: string },
) {
  const pages = consolePages(options);
  const gate = consoleGate({
    sessions: deps.operators.sessions,
    entities: deps.entities,
    clock: deps.clock,
    pages,
  });
  const { accountPage } = accountPages(deps, pages, gate);
  registerConsoleNotFound(app, pages);
  app.register(async (scope) => {
    scope.setErrorHandler(consoleErrorHandler(pages));
    acceptForms(scope);
    const signInPage = signInPageOf(pages, options.oidc ?? []);
    registerSignInRoutes(scope, deps, pages, signInPage);
    registerConsoleOidcRoutes(scope, deps, pages, {
      providers: options.oidc ?? [],
      publicUrl: options.publicUrl ?? 'http://localhost:3000',
      signInPage,
    });
    registerEnrolRoutes(scope, deps, pages);
    registerFreshRoutes(scope, deps, pages, gate, options.oidc ?? []);
    registerHomeRoutes(scope, deps, pages, gate);
    registerAccountRoutes(scope, deps, pages, gate, accountPage);
    registerPasskeyRoutes(scope, deps, pages, gate, accountPage);
    registerDashboardRoutes(scope, deps, pages, gate);
    registerPositionsRoutes(scope, deps, pages, gate);
    registerPositionFormRoutes(scope, deps, pages, gate);
    registerPositionActRoutes(scope, deps, pages, gate);
    registerPaymentRoutes(scope, deps, pages, gate);
    registerUploadRoutes(scope, deps, pages, gate);
    registerPeopleRoutes(scope, { ...deps, db: deps.database.db }, pages, gate);
    registerOverpaymentsRoutes(scope, deps, pages, gate);
    registerHelpdeskRoutes(scope, deps, pages, gate);
    registerKeyRoutes(scope, deps, pages, gate);
    registerWebhookRoutes(scope, deps, pages, gate);
    registerWebhookDeliveryRoutes(scope, deps, pages, gate);
    registerCatalogueRoutes(scope, deps, pages, gate);
    registerEntitySettingsRoutes(scope, deps, pages, gate);
  });
}
