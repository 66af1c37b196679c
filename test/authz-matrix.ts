// The authorization matrix: every HTTP route of Cassa and who may call it. test/authz.test.ts fails
// when a route exists that is not listed here; it and authz-portal.test.ts check each rule against the
// running app.
//   public      anyone (operational routes, API documentation)
//   entity-key  an API key of the entity named in the URL holding the route's `need` (area:access);
//               another entity's key gets 404, a key without the need and the admin credential 403
//   admin       the installation's admin credential (ADR 0029); an entity's API key gets 403
//   pagopa      the pagoPA Nodo, recognised by its client certificate and/or address (station-access.ts)
//   form        anyone, with the CSRF token of a page Cassa served them (citizen portal forms)
//   debtor-form anyone, with the CSRF token of a page Cassa served them and the fiscal code of the notice's
//               debtor (the notice PDF, ADR 0023); a wrong code 400 and no document
//   payer       the browser that started the payment (its signed cookie names the attempt); others 404
//   citizen     a signed-in citizen (session cookie), who sees only their own positions
//   citizen-form  a form of a signed-in citizen: the session and the page's CSRF token
//   payer-form  a form about a payment, for the browser that started it, with the page's CSRF token
//   feed-token  anyone holding the secret address of a citizen's calendar feed; unknown or revoked: 404
//   oidc-start  anyone: starts a SPID/CIE sign-in at a configured provider (a new transaction, bound to
//               the browser by a cookie); an unknown provider 404
//   oidc-state  the provider's answer, taken only with the state of a transaction this browser started,
//               once; anything else 400 and no session
//   operator-oidc-start  anyone: starts an operator's sign-in at a console provider (a new transaction,
//               bound to the browser by the console's own cookie); an unknown provider 404
//               (checked in console-oidc.test.ts, which runs the provider)
//   operator-oidc-state  the provider's answer, taken only with the state of a console transaction this
//               browser started, once; anything else 400 and no operator session (console-oidc.test.ts)
//   smartcard   anyone: signs in with a smart-card certificate that passes every check; without one, no session
//   console-form  anyone, with the CSRF token of a console page served to them (the console's own key and
//               cookie: a portal token is refused)
//   operator-pending  a browser whose operator sign-in waits for this step (second factor, or its
//               enrolment): others are sent on (no session: /console/accedi); its forms need the CSRF token
//   invitation  anyone holding an unused, unexpired invitation link (its form: the CSRF token too); others 404
//   operator    a signed-in operator (active session: password and second factor); no or an ended session
//               to /console/accedi, a pending one to its step; what they see comes from their grants
//   operator-form  the console's sign-out: the CSRF token of a console page; ends this browser's session
//   console     a page or form of a signed-in operator holding the route's `need` at the entity its URL
//               names (/console/e/:ente/…; no need: any active operator): others 403, an operator of
//               another entity (or an unknown one) 404, no session to /console/accedi; a form also
//               needs a console page's CSRF token (else the expired-form page, 400), and a refusal
//               changes nothing (authz-console-roles.test.ts tries every shipped role)
//   metrics     the scraper: with METRICS_TOKEN set, its Bearer token (401 otherwise); unset, loopback callers
//               only (the socket's address, and the client a trusted proxy names; 403 otherwise)
import type { Area } from '../src/shared/principal.ts';

export type Access =
  | 'public'
  | 'entity-key'
  | 'admin'
  | 'pagopa'
  | 'form'
  | 'debtor-form'
  | 'payer'
  | 'citizen'
  | 'citizen-form'
  | 'payer-form'
  | 'feed-token'
  | 'oidc-start'
  | 'oidc-state'
  | 'operator-oidc-start'
  | 'operator-oidc-state'
  | 'smartcard'
  | 'console-form'
  | 'operator-pending'
  | 'invitation'
  | 'operator'
  | 'operator-form'
  | 'console'
  | 'metrics';

/**
 * What an entity-key route needs of the key, as `area:access` (ADR 0031): a key of the entity without
 * it gets 403, and the route's own declaration (`config: needs(…)`) must say the same.
 */
export type Need = `${Area}:${'read' | 'write'}`;

/** A route whose answer is a stream that lasts (server-sent events): tests read its status and headers only. */
/**
 * `fresh`: the form page of a sensitive act (gate.entityRoute(…, { fresh: true })): without a recent
 * proof of identity the operator is sent to /console/conferma first; the role-by-role test proves it
 * again for each operator before reading the page.
 */
export const AUTHZ_MATRIX: {
  method: string;
  url: string;
  access: Access;
  need?: Need;
  stream?: true;
  /** A sensitive act's form: without a recent proof of identity, to /console/conferma and back. */
  fresh?: true;
}[] = [
  { method: 'GET', url: '/health', access: 'public' },
  { method: 'GET', url: '/ready', access: 'public' },
  { method: 'GET', url: '/metrics', access: 'metrics' },
  { method: 'GET', url: '/openapi.json', access: 'public' },
  { method: 'GET', url: '/docs', access: 'public' },
  { method: 'GET', url: '/docs/static/index.html', access: 'public' },
  { method: 'GET', url: '/docs/static/swagger-initializer.js', access: 'public' },
  { method: 'GET', url: '/docs/static/*', access: 'public' },
  { method: 'GET', url: '/docs/json', access: 'public' },
  { method: 'GET', url: '/docs/yaml', access: 'public' },
  {
    method: 'GET',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'POST',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions',
    access: 'entity-key',
    need: 'positions:write',
  },
  {
    method: 'GET',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/:iupd',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'PUT',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/:iupd',
    access: 'entity-key',
    need: 'positions:write',
  },
  {
    method: 'DELETE',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/:iupd',
    access: 'entity-key',
    need: 'positions:write',
  },
  {
    method: 'POST',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/:iupd/publish',
    access: 'entity-key',
    need: 'positions:write',
  },
  {
    method: 'POST',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/:iupd/invalidate',
    access: 'entity-key',
    need: 'positions:write',
  },
  {
    method: 'POST',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/paymentoptions/paids/:nav',
    access: 'entity-key',
    need: 'payments:write',
  },
  {
    method: 'POST',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/file',
    access: 'entity-key',
    need: 'positions:write',
  },
  {
    method: 'PUT',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/file',
    access: 'entity-key',
    need: 'positions:write',
  },
  {
    method: 'GET',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/file/:fileId/status',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'GET',
    url: '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/file/:fileId/report',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/debtors/:fiscalcode/statement',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/debtpositions/:iupd/notice',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/receipts',
    access: 'entity-key',
    need: 'payments:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/receipts/:receiptId',
    access: 'entity-key',
    need: 'payments:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/receipts/:receiptId/pdf',
    access: 'entity-key',
    need: 'payments:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/services',
    access: 'entity-key',
    need: 'catalogue:read',
  },
  {
    method: 'POST',
    url: '/api/v1/organizations/:organizationfiscalcode/services',
    access: 'entity-key',
    need: 'catalogue:write',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/services/:serviceId',
    access: 'entity-key',
    need: 'catalogue:read',
  },
  {
    method: 'PUT',
    url: '/api/v1/organizations/:organizationfiscalcode/services/:serviceId',
    access: 'entity-key',
    need: 'catalogue:write',
  },
  {
    method: 'POST',
    url: '/api/v1/organizations/:organizationfiscalcode/services/:serviceId/retire',
    access: 'entity-key',
    need: 'catalogue:write',
  },
  // The admin API (modules/admin): entities and their API keys, and the admin credential's rotation.
  { method: 'GET', url: '/admin/v1/entities', access: 'admin' },
  { method: 'POST', url: '/admin/v1/entities', access: 'admin' },
  { method: 'GET', url: '/admin/v1/entities/:fiscalCode', access: 'admin' },
  { method: 'PATCH', url: '/admin/v1/entities/:fiscalCode', access: 'admin' },
  { method: 'POST', url: '/admin/v1/entities/:fiscalCode/deactivate', access: 'admin' },
  { method: 'POST', url: '/admin/v1/entities/:fiscalCode/reactivate', access: 'admin' },
  { method: 'GET', url: '/admin/v1/entities/:fiscalCode/api-keys', access: 'admin' },
  { method: 'POST', url: '/admin/v1/entities/:fiscalCode/api-keys', access: 'admin' },
  { method: 'POST', url: '/admin/v1/entities/:fiscalCode/api-keys/:keyId/revoke', access: 'admin' },
  { method: 'POST', url: '/admin/v1/admin-key/rotate', access: 'admin' },
  // The page a receipt's QR code opens: anyone holding the paper may check it.
  { method: 'GET', url: '/verify/:token', access: 'public' },
  {
    method: 'POST',
    url: '/api/v1/organizations/:organizationfiscalcode/notices/print-jobs',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/overpayments',
    access: 'entity-key',
    need: 'payments:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/overpayments/:id',
    access: 'entity-key',
    need: 'payments:read',
  },
  {
    method: 'POST',
    url: '/api/v1/organizations/:organizationfiscalcode/overpayments/:id/close',
    access: 'entity-key',
    need: 'payments:write',
  },
  {
    method: 'POST',
    url: '/api/v1/organizations/:organizationfiscalcode/checkout',
    access: 'entity-key',
    need: 'payments:write',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/checkout/:id',
    access: 'entity-key',
    need: 'payments:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/payments',
    access: 'entity-key',
    need: 'payments:read',
  },
  {
    method: 'POST',
    url: '/api/v1/organizations/:organizationfiscalcode/webhooks',
    access: 'entity-key',
    need: 'settings:write',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/webhooks',
    access: 'entity-key',
    need: 'settings:read',
  },
  {
    method: 'DELETE',
    url: '/api/v1/organizations/:organizationfiscalcode/webhooks/:id',
    access: 'entity-key',
    need: 'settings:write',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/webhooks/deliveries',
    access: 'entity-key',
    need: 'settings:read',
  },
  {
    method: 'POST',
    url: '/api/v1/organizations/:organizationfiscalcode/webhooks/deliveries/:deliveryId/replay',
    access: 'entity-key',
    need: 'settings:write',
  },
  // Where Checkout sends the payer back: anyone with the link (the attempt id is unguessable). It
  // pays nothing; an unknown id is a 404.
  { method: 'GET', url: '/checkout/return/:id/:outcome', access: 'public' },
  // The sandbox's simulated Checkout page (registered only while the sandbox is on).
  { method: 'GET', url: '/sandbox/checkout/:id', access: 'public' },
  { method: 'POST', url: '/sandbox/checkout/:id', access: 'public' },
  // The citizen portal: pages anyone may see, forms anyone may send with the page's CSRF token, and
  // the result of a payment, only for the browser that started it.
  { method: 'GET', url: '/', access: 'public' },
  { method: 'GET', url: '/assets/bi/*', access: 'public' },
  { method: 'GET', url: '/assets/web/*', access: 'public' },
  { method: 'GET', url: '/favicon.ico', access: 'public' },
  { method: 'GET', url: '/assets/portal/*', access: 'public' },
  { method: 'GET', url: '/e/:fiscalCode', access: 'public' },
  { method: 'POST', url: '/e/:fiscalCode/avviso', access: 'form' },
  { method: 'GET', url: '/e/:fiscalCode/avviso/:nav', access: 'public' },
  { method: 'GET', url: '/e/:fiscalCode/avviso/:nav/pdf', access: 'public' },
  { method: 'POST', url: '/e/:fiscalCode/avviso/:nav/pdf', access: 'debtor-form' },
  { method: 'POST', url: '/e/:fiscalCode/avviso/:nav/paga', access: 'form' },
  { method: 'GET', url: '/accedi', access: 'public' },
  { method: 'POST', url: '/accedi/sandbox', access: 'form' },
  // Sign-in with SPID/CIE through OpenID Connect (identity/oidc.http.ts).
  { method: 'GET', url: '/accedi/oidc/:provider', access: 'oidc-start' },
  { method: 'GET', url: '/accedi/oidc/:provider/callback', access: 'oidc-state' },
  { method: 'POST', url: '/esci', access: 'form' },
  { method: 'GET', url: '/e/:fiscalCode/estratto', access: 'citizen' },
  { method: 'GET', url: '/e/:fiscalCode/estratto.:format', access: 'citizen' },
  { method: 'GET', url: '/e/:fiscalCode/posizioni/:iupd', access: 'citizen' },
  { method: 'GET', url: '/e/:fiscalCode/carrello', access: 'citizen' },
  { method: 'POST', url: '/e/:fiscalCode/carrello', access: 'citizen-form' },
  { method: 'POST', url: '/e/:fiscalCode/carrello/:nav/rimuovi', access: 'citizen-form' },
  { method: 'POST', url: '/e/:fiscalCode/carrello/paga', access: 'citizen-form' },
  { method: 'GET', url: '/e/:fiscalCode/pagamenti', access: 'citizen' },
  { method: 'GET', url: '/e/:fiscalCode/pagamenti/:id/ricevuta', access: 'citizen' },
  // The due-date calendar (portal/calendar.http.ts, calendar-feed.http.ts, reminders.http.ts); its feed is
  // read by calendar apps, with no session.
  { method: 'GET', url: '/e/:fiscalCode/scadenze', access: 'citizen' },
  { method: 'GET', url: '/e/:fiscalCode/scadenze/:nav.ics', access: 'citizen' },
  { method: 'GET', url: '/e/:fiscalCode/scadenze/calendario', access: 'citizen' },
  { method: 'POST', url: '/e/:fiscalCode/scadenze/calendario', access: 'citizen-form' },
  { method: 'GET', url: '/e/:fiscalCode/scadenze/promemoria', access: 'citizen' },
  { method: 'POST', url: '/e/:fiscalCode/scadenze/promemoria', access: 'citizen-form' },
  { method: 'GET', url: '/calendario/:feedToken.ics', access: 'feed-token' },
  // Spontaneous payments: the catalogue is public, its forms are a signed-in citizen's.
  { method: 'GET', url: '/e/:fiscalCode/servizi', access: 'public' },
  { method: 'GET', url: '/e/:fiscalCode/servizi/:id', access: 'citizen' },
  { method: 'POST', url: '/e/:fiscalCode/servizi/:id', access: 'citizen-form' },
  { method: 'GET', url: '/e/:fiscalCode/servizi/:id/richieste/:key', access: 'citizen' },
  { method: 'GET', url: '/pagamento/:id', access: 'payer' },
  { method: 'POST', url: '/pagamento/:id/riprova', access: 'payer-form' },
  // Smart-card sign-in (portal/smartcard.http.ts) and the citizen's profile (portal/profile).
  { method: 'GET', url: '/accedi/certificato', access: 'smartcard' },
  { method: 'GET', url: '/profilo', access: 'citizen' },
  { method: 'GET', url: '/profilo/messaggi-di-prova', access: 'citizen' },
  { method: 'POST', url: '/profilo/email', access: 'citizen-form' },
  { method: 'POST', url: '/profilo/email/conferma', access: 'citizen-form' },
  { method: 'POST', url: '/profilo/email/rimuovi', access: 'citizen-form' },
  { method: 'POST', url: '/profilo/cellulare', access: 'citizen-form' },
  { method: 'POST', url: '/profilo/cellulare/conferma', access: 'citizen-form' },
  { method: 'POST', url: '/profilo/cellulare/rimuovi', access: 'citizen-form' },
  { method: 'POST', url: '/profilo/lingua', access: 'citizen-form' },
  { method: 'GET', url: '/pagamento/:id/ricevuta/:nav', access: 'payer' },
  // The operator console (modules/console): sign-in with a second factor, invitations, home, sign-out.
  { method: 'GET', url: '/console/accedi', access: 'public' },
  { method: 'POST', url: '/console/accedi', access: 'console-form' },
  { method: 'GET', url: '/console/accedi/codice', access: 'operator-pending' },
  { method: 'POST', url: '/console/accedi/codice', access: 'operator-pending' },
  { method: 'GET', url: '/console/attiva', access: 'operator-pending' },
  { method: 'POST', url: '/console/attiva', access: 'operator-pending' },
  { method: 'GET', url: '/console/invito/:token', access: 'invitation' },
  { method: 'POST', url: '/console/invito/:token', access: 'invitation' },
  { method: 'GET', url: '/console', access: 'operator' },
  { method: 'POST', url: '/console/esci', access: 'operator-form' },
  { method: 'GET', url: '/console/conferma', access: 'operator' },
  { method: 'POST', url: '/console/conferma', access: 'console' },
  // The operator's own account (console/account): second factors, passkeys.
  { method: 'GET', url: '/console/account', access: 'operator' },
  { method: 'POST', url: '/console/account/codici', access: 'console' },
  { method: 'GET', url: '/console/account/app', access: 'operator' },
  { method: 'POST', url: '/console/account/app', access: 'console' },
  { method: 'POST', url: '/console/account/passkey', access: 'console' },
  { method: 'POST', url: '/console/account/passkey/nome', access: 'console' },
  { method: 'POST', url: '/console/account/passkey/rimuovi', access: 'console' },
  // Operators' sign-in through their entity's OpenID Connect provider (console/oidc.http.ts).
  { method: 'GET', url: '/console/accedi/oidc/:provider', access: 'operator-oidc-start' },
  { method: 'GET', url: '/console/accedi/oidc/:provider/callback', access: 'operator-oidc-state' },
  // The entity's dashboard and its live feed (server-sent events: `stream`, never ends by itself).
  { method: 'GET', url: '/console/e/:ente', access: 'console', need: 'payments:read' },
  { method: 'GET', url: '/console/e/:ente/cruscotto/eventi', access: 'console', need: 'payments:read', stream: true },
  // The console's positions (modules/console/positions): search, its exports, a position's page.
  { method: 'GET', url: '/console/e/:ente/posizioni', access: 'console', need: 'positions:read' },
  { method: 'GET', url: '/console/e/:ente/posizioni/export.csv', access: 'console', need: 'positions:read' },
  { method: 'GET', url: '/console/e/:ente/posizioni/export.xlsx', access: 'console', need: 'positions:read' },
  { method: 'GET', url: '/console/e/:ente/posizioni/esportazioni', access: 'console', need: 'positions:read' },
  { method: 'POST', url: '/console/e/:ente/posizioni/esportazioni', access: 'console', need: 'positions:read' },
  {
    method: 'GET',
    url: '/console/e/:ente/posizioni/esportazioni/:exportId',
    access: 'console',
    need: 'positions:read',
  },
  { method: 'GET', url: '/console/e/:ente/posizioni/:iupd', access: 'console', need: 'positions:read' },
  // The console's position forms and acts, uploads and print runs (console/position-forms, console/uploads).
  { method: 'GET', url: '/console/e/:ente/posizioni/nuova', access: 'console', need: 'positions:write' },
  { method: 'POST', url: '/console/e/:ente/posizioni/nuova', access: 'console', need: 'positions:write' },
  { method: 'GET', url: '/console/e/:ente/posizioni/:iupd/modifica', access: 'console', need: 'positions:write' },
  { method: 'POST', url: '/console/e/:ente/posizioni/:iupd/modifica', access: 'console', need: 'positions:write' },
  { method: 'POST', url: '/console/e/:ente/posizioni/:iupd/pubblica', access: 'console', need: 'positions:write' },
  { method: 'GET', url: '/console/e/:ente/posizioni/:iupd/annulla', access: 'console', need: 'positions:write' },
  { method: 'POST', url: '/console/e/:ente/posizioni/:iupd/annulla', access: 'console', need: 'positions:write' },
  { method: 'GET', url: '/console/e/:ente/posizioni/:iupd/pagamento', access: 'console', need: 'payments:write' },
  { method: 'POST', url: '/console/e/:ente/posizioni/:iupd/pagamento', access: 'console', need: 'payments:write' },
  { method: 'GET', url: '/console/e/:ente/posizioni/:iupd/avviso.pdf', access: 'console', need: 'positions:read' },
  { method: 'GET', url: '/console/e/:ente/caricamenti', access: 'console', need: 'positions:read' },
  { method: 'POST', url: '/console/e/:ente/caricamenti', access: 'console', need: 'positions:write' },
  {
    method: 'GET',
    url: '/console/e/:ente/caricamenti/importazioni/:fileId',
    access: 'console',
    need: 'positions:read',
  },
  { method: 'POST', url: '/console/e/:ente/caricamenti/stampe', access: 'console', need: 'positions:write' },
  { method: 'GET', url: '/console/e/:ente/caricamenti/stampe/:id', access: 'console', need: 'positions:read' },
  { method: 'GET', url: '/console/e/:ente/caricamenti/stampe/:id/file', access: 'console', need: 'positions:read' },
  // The console's operators, roles and audit log (modules/console/people).
  { method: 'GET', url: '/console/e/:ente/operatori', access: 'console', need: 'operators:read' },
  { method: 'GET', url: '/console/e/:ente/operatori/invita', access: 'console', need: 'operators:write' },
  { method: 'POST', url: '/console/e/:ente/operatori/invita', access: 'console', need: 'operators:write' },
  { method: 'POST', url: '/console/e/:ente/operatori/:operatore/stato', access: 'console', need: 'operators:write' },
  { method: 'POST', url: '/console/e/:ente/operatori/:operatore/invito', access: 'console', need: 'operators:write' },
  { method: 'GET', url: '/console/e/:ente/operatori/:operatore/ruoli', access: 'console', need: 'operators:write' },
  { method: 'POST', url: '/console/e/:ente/operatori/:operatore/ruoli', access: 'console', need: 'operators:write' },
  { method: 'GET', url: '/console/e/:ente/operatori/ruoli', access: 'console', need: 'operators:read' },
  { method: 'GET', url: '/console/e/:ente/operatori/ruoli/nuovo', access: 'console', need: 'operators:write' },
  { method: 'POST', url: '/console/e/:ente/operatori/ruoli/nuovo', access: 'console', need: 'operators:write' },
  { method: 'GET', url: '/console/e/:ente/operatori/ruoli/:ruolo', access: 'console', need: 'operators:write' },
  { method: 'POST', url: '/console/e/:ente/operatori/ruoli/:ruolo', access: 'console', need: 'operators:write' },
  {
    method: 'POST',
    url: '/console/e/:ente/operatori/ruoli/:ruolo/elimina',
    access: 'console',
    need: 'operators:write',
  },
  { method: 'GET', url: '/console/e/:ente/registro', access: 'console', need: 'audit:read' },
  { method: 'GET', url: '/console/e/:ente/registro/export.csv', access: 'console', need: 'audit:read' },
  // The help desk (console/helpdesk): the one search box and its stories, sending a document again.
  { method: 'GET', url: '/console/e/:ente/assistenza', access: 'console', need: 'payments:read' },
  { method: 'POST', url: '/console/e/:ente/assistenza/invio', access: 'console', need: 'messages:write' },
  // Over-payments and refunds (console/overpayments): the worklist, an item, its notes, refunds, closing.
  { method: 'GET', url: '/console/e/:ente/eccedenze', access: 'console', need: 'payments:read' },
  { method: 'GET', url: '/console/e/:ente/eccedenze/:id', access: 'console', need: 'payments:read' },
  { method: 'POST', url: '/console/e/:ente/eccedenze/:id/nota', access: 'console', need: 'payments:write' },
  { method: 'POST', url: '/console/e/:ente/eccedenze/:id/chiudi', access: 'console', need: 'payments:write' },
  {
    method: 'GET',
    url: '/console/e/:ente/eccedenze/:id/rimborso',
    access: 'console',
    need: 'payments:write',
    fresh: true,
  },
  { method: 'POST', url: '/console/e/:ente/eccedenze/:id/rimborso', access: 'console', need: 'payments:write' },
  {
    method: 'POST',
    url: '/console/e/:ente/eccedenze/:id/rimborsi/:refundId/pagato',
    access: 'console',
    need: 'payments:write',
  },
  {
    method: 'POST',
    url: '/console/e/:ente/eccedenze/:id/rimborsi/:refundId/annulla',
    access: 'console',
    need: 'payments:write',
  },
  // The entity's settings (console/settings): API keys (a new one needs a recent proof), webhooks.
  { method: 'GET', url: '/console/e/:ente/chiavi', access: 'console', need: 'settings:read' },
  { method: 'GET', url: '/console/e/:ente/chiavi/nuova', access: 'console', need: 'settings:write', fresh: true },
  { method: 'POST', url: '/console/e/:ente/chiavi/nuova', access: 'console', need: 'settings:write' },
  { method: 'GET', url: '/console/e/:ente/chiavi/:keyId/revoca', access: 'console', need: 'settings:write' },
  { method: 'POST', url: '/console/e/:ente/chiavi/:keyId/revoca', access: 'console', need: 'settings:write' },
  { method: 'GET', url: '/console/e/:ente/webhook', access: 'console', need: 'settings:read' },
  { method: 'GET', url: '/console/e/:ente/webhook/nuovo', access: 'console', need: 'settings:write' },
  { method: 'POST', url: '/console/e/:ente/webhook/nuovo', access: 'console', need: 'settings:write' },
  { method: 'GET', url: '/console/e/:ente/webhook/:endpointId', access: 'console', need: 'settings:read' },
  { method: 'POST', url: '/console/e/:ente/webhook/:endpointId/disattiva', access: 'console', need: 'settings:write' },
  {
    method: 'POST',
    url: '/console/e/:ente/webhook/:endpointId/consegne/:deliveryId/riprova',
    access: 'console',
    need: 'settings:write',
  },
  // The entity's catalogue of services (console/settings/catalogue.http.ts); put back after retiring.
  { method: 'GET', url: '/console/e/:ente/catalogo', access: 'console', need: 'catalogue:read' },
  { method: 'GET', url: '/console/e/:ente/catalogo/nuovo', access: 'console', need: 'catalogue:write' },
  { method: 'POST', url: '/console/e/:ente/catalogo/nuovo', access: 'console', need: 'catalogue:write' },
  { method: 'GET', url: '/console/e/:ente/catalogo/:serviceId', access: 'console', need: 'catalogue:read' },
  { method: 'GET', url: '/console/e/:ente/catalogo/:serviceId/modifica', access: 'console', need: 'catalogue:write' },
  { method: 'POST', url: '/console/e/:ente/catalogo/:serviceId/modifica', access: 'console', need: 'catalogue:write' },
  { method: 'POST', url: '/console/e/:ente/catalogo/:serviceId/ritira', access: 'console', need: 'catalogue:write' },
  { method: 'POST', url: '/console/e/:ente/catalogo/:serviceId/rimetti', access: 'console', need: 'catalogue:write' },
  // The entity's own settings (console/settings/entity-settings.http.ts).
  { method: 'GET', url: '/console/e/:ente/impostazioni', access: 'console', need: 'settings:read' },
  { method: 'POST', url: '/console/e/:ente/impostazioni', access: 'console', need: 'settings:write' },
  // The SOAP interface of the station: only the Nodo may call it (the loopback when nothing is configured).
  { method: 'POST', url: '/pagopa/paForNode', access: 'pagopa' },
  // Its WSDL and XSDs: public interface descriptions.
  { method: 'GET', url: '/pagopa/paForNode', access: 'public' },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/notices/print-jobs/:id',
    access: 'entity-key',
    need: 'positions:read',
  },
  {
    method: 'GET',
    url: '/api/v1/organizations/:organizationfiscalcode/notices/print-jobs/:id/file',
    access: 'entity-key',
    need: 'positions:read',
  },
];
