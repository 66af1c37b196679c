// Signing in with SPID in a real browser (Debian's Chromium driven by playwright-core) against a
// real local OpenID Connect provider (npm oidc-provider): from the statement's link to the sign-in
// page, the SPID button, the provider's login and consent forms, back to the statement signed in;
// and cancelling at the provider. axe (WCAG 2.1 A and AA) on every Cassa page visited; screenshots
// in test/output/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { oidcProvider } from '../src/modules/identity/oidc.ts';
import type { Services } from '../src/services.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { type LocalProvider, localOidcProvider, MARIO_ACCOUNT, spidSettings } from './support/oidc-provider.ts';
import { singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let services: Services;
let op: LocalProvider;
let browser: Browser;
let base: string;

before(async () => {
  portal = await listeningPortal({
    host: 'localhost',
    app: async (base) => {
      // The provider knows Cassa's callback, so it starts once the base URL is known.
      op = await localOidcProvider({
        clients: [
          {
            client_id: 'cassa',
            client_secret: 'browser-test-secret',
            redirect_uris: [`${base}/accedi/oidc/spid/callback`],
          },
        ],
        accounts: MARIO_ACCOUNT,
      });
      return {
        publicUrl: base,
        sandboxSignIn: false,
        oidcProviders: [
          oidcProvider(spidSettings({ issuer: op.issuer, clientId: 'cassa', clientSecret: 'browser-test-secret' })),
        ],
      };
    },
  });
  ({ base, services } = portal);
  const entity = await services.entities.create(ENTITY_A, testActor);
  await services.positions.create(entity, singlePayment('SPID-1', 7_650), { toPublish: true }, testActor);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
  await op?.close();
});

/** A browser context that reaches only this machine (the provider's page asks for a web font). */
async function localContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route('**/*', (route) =>
    ['localhost', '127.0.0.1'].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort(),
  );
  return context;
}

describe('signing in with SPID in a browser', () => {
  it('statement → sign-in page → SPID button → provider login and consent → the statement, signed in', async () => {
    const context = await localContext();
    const page = await context.newPage();
    await page.goto(`${base}/e/${ENTITY_A.fiscalCode}/estratto`);
    assert.match(page.url(), /\/accedi\?next=/);
    await page.getByRole('heading', { name: 'Accedi ai tuoi pagamenti' }).waitFor();
    await checkPage(page, 'oidc-01-signin');

    await page.getByRole('link', { name: 'Entra con SPID' }).click();
    await page.waitForURL(`${op.issuer}/**`);
    await page.locator('input[name="login"]').fill('mario');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${base}/e/${ENTITY_A.fiscalCode}/estratto`);
    await page.getByRole('heading', { name: 'Estratto conto' }).waitFor();
    const main = (await page.locator('body').textContent()) ?? '';
    assert.match(main, /Accesso effettuato come\s+Mario Rossi/);
    assert.match(main, /76,50/);
    await checkPage(page, 'oidc-02-statement-signed-in');
    const session = await services.database.db
      .selectFrom('citizen_sessions')
      .select(['fiscal_code', 'method'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(session, { fiscal_code: 'RSSMRA80A01H501U', method: 'spid' });
    await context.close();
  });

  it('cancelling at the provider: the "sign-in cancelled" page, not signed in', async () => {
    const context = await localContext();
    const page = await context.newPage();
    await page.goto(`${base}/accedi`);
    await page.getByRole('link', { name: 'Entra con SPID' }).click();
    await page.waitForURL(`${op.issuer}/**`);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${base}/accedi/oidc/spid/callback`)),
      page.getByRole('link', { name: '[ Cancel ]' }).click(),
    ]);
    assert.equal(answer.status(), 401);
    await page.getByRole('heading', { name: 'Accesso annullato' }).waitFor();
    await checkPage(page, 'oidc-03-cancelled');
    await page.getByRole('link', { name: 'Torna alla pagina di accesso' }).click();
    await page.getByRole('link', { name: 'Entra con SPID' }).waitFor();
    await context.close();
  });
});
