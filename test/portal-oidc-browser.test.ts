// Signing in with SPID in a real browser (Debian's Chromium driven by playwright-core) against a
// real local OpenID Connect provider (npm oidc-provider): from the statement's link to the sign-in
// page, the SPID button, the provider's login and consent forms, back to the statement signed in;
// and cancelling at the provider. axe (WCAG 2.1 A and AA) on every Cassa page visited; screenshots
// in test/output/screenshots.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { DEFAULT_FISCAL_CODE_CLAIM } from '../src/config.ts';
import { oidcProvider } from '../src/modules/identity/oidc.ts';
import { createServices, type Services } from '../src/services.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { FISCAL_NUMBER, type LocalProvider, localOidcProvider } from './support/oidc-provider.ts';
import { singlePayment } from './support/positions.ts';

const SHOTS = join(import.meta.dirname, 'output', 'screenshots');
let db: TestDatabase;
let services: Services;
let app: FastifyInstance;
let op: LocalProvider;
let browser: Browser;
let base: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  base = `http://localhost:${port}`;
  db = await freshDatabase();
  services = createServices(db.database, {
    config: { importMaxBytes: 1024 * 1024, importMaxRows: 1000, publicUrl: base, sandbox: true },
  });
  const entity = await services.entities.create(ENTITY_A, testActor);
  await services.positions.create(entity, singlePayment('SPID-1', 7_650), { toPublish: true }, testActor);
  op = await localOidcProvider({
    clients: [
      {
        client_id: 'cassa',
        client_secret: 'browser-test-secret',
        redirect_uris: [`${base}/accedi/oidc/spid/callback`],
      },
    ],
    accounts: { mario: { [FISCAL_NUMBER]: 'TINIT-RSSMRA80A01H501U', given_name: 'Mario', family_name: 'Rossi' } },
  });
  app = await buildApp({
    services,
    logLevel: 'silent',
    publicUrl: base,
    sandboxSignIn: false,
    oidcProviders: [
      oidcProvider({
        name: 'spid',
        kind: 'spid',
        label: undefined,
        issuer: op.issuer,
        clientId: 'cassa',
        clientSecret: 'browser-test-secret',
        privateKeyFile: undefined,
        scope: 'openid profile',
        fiscalCodeClaim: DEFAULT_FISCAL_CODE_CLAIM,
        acr: undefined,
        prompt: undefined,
        allowHttp: true,
      }),
    ],
  });
  await app.listen({ port, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
after(async () => {
  await browser?.close();
  await app?.close();
  await op?.close();
  await db?.drop();
});

/** A browser context that reaches only this machine (the provider's page asks for a web font). */
async function localContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route('**/*', (route) =>
    ['localhost', '127.0.0.1'].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort(),
  );
  return context;
}

/** axe on the page as it is now: no WCAG 2.1 A/AA violation; and a screenshot. */
async function check(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  assert.deepEqual(summary, [], `${name}: accessibility violations`);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('signing in with SPID in a browser', () => {
  it('statement → sign-in page → SPID button → provider login and consent → the statement, signed in', async () => {
    const context = await localContext();
    const page = await context.newPage();
    await page.goto(`${base}/e/${ENTITY_A.fiscalCode}/estratto`);
    assert.match(page.url(), /\/accedi\?next=/);
    await page.getByRole('heading', { name: 'Accedi ai tuoi pagamenti' }).waitFor();
    await check(page, 'oidc-01-signin');

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
    await check(page, 'oidc-02-statement-signed-in');
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
    await check(page, 'oidc-03-cancelled');
    await page.getByRole('link', { name: 'Torna alla pagina di accesso' }).click();
    await page.getByRole('link', { name: 'Entra con SPID' }).waitFor();
    await context.close();
  });
});
