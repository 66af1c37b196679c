// The shared page frame (src/http/web) in a real browser, on the portal's main pages: no console
// error and no failed request (no CSP violation, no 404 — a favicon is served), the callouts' font
// (Bootstrap Italia's Lora) really loaded and used, "Pagamenti pagoPA" once in the header, the
// entity's navigation kept on the profile, nothing wider than a 390 px phone (the statement's
// "Dettagli" link in view) — and axe (WCAG 2.1 A and AA) on every page at both widths.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { checkPage, launchChromium, sandboxSignIn } from './support/chromium.ts';
import { ENTITY_A, ENTITY_B, testActor } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let services: Services;
let browser: Browser;
let entity: Entity;
let base: string;
const citizen = DEMO_CITIZENS[0]!;

before(async () => {
  portal = await listeningPortal({ host: 'localhost', app: (base) => ({ publicUrl: base }) });
  ({ base, services } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
  // Two entities: the home page lists them, a page tied to no entity.
  await services.entities.create(ENTITY_B, testActor);
  const body = singlePayment('FRAME-1', 52_800);
  body.paymentOption[0]!.debtor = { type: 'F', fiscalCode: citizen.fiscalCode, fullName: citizen.fullName };
  body.paymentOption[0]!.description = 'Tassa sui rifiuti, seconda rata, utenza domestica di via Roma';
  await services.positions.create(entity, body, { toPublish: true }, testActor);
  const large = singlePayment('FRAME-2', 12_345_678);
  large.paymentOption[0]!.debtor = body.paymentOption[0]!.debtor;
  await services.positions.create(entity, large, { toPublish: true }, testActor);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

interface Trouble {
  problems: string[];
}

/** Records every console error, page error, failed request and answer of 400 or more the page meets. */
function watch(page: Page): Trouble {
  const trouble: Trouble = { problems: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') trouble.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => trouble.problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => trouble.problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') {
      trouble.problems.push(`${r.status()}: ${r.url()}`);
    }
  });
  return trouble;
}

async function signedIn(context: BrowserContext, who = citizen): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/accedi?next=/e/${entity.fiscalCode}/estratto`);
  await sandboxSignIn(page, who.fiscalCode);
  await page.getByRole('heading', { name: 'Estratto conto' }).waitFor();
  return page;
}

// Run in the page (the test's TypeScript knows no DOM).
const FONTS_READY = 'document.fonts.ready.then(() => true)';
const SCROLLING_TABLES = `[...document.querySelectorAll('.table-responsive')]
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .map((e) => e.scrollWidth + ' px in ' + e.clientWidth + ': ' + e.textContent.trim().slice(0, 60))`;
const WIDEST = `[...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(-3).map((e) => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right).join('; ')`;
const TOP_BAR_ITEMS = `[...document.querySelectorAll('.it-header-slim-wrapper-content :is(a, button, span)')]
  .filter((e) => e.getClientRects().length > 0)
  .map((e) => ({ text: e.textContent.trim(), ...e.getBoundingClientRect().toJSON() }))`;

/** The header's visible text (a tagline hidden on phones is not read). */
// biome-ignore lint/performance/useDomNodeTextContent: what is drawn, not what the markup holds
const headerText = (page: Page) => page.locator('header').innerText();

const count = (text: string, part: string) => text.split(part).length - 1;

/** The pages every check visits: [name, path, signed in]. */
const PAGES = (e: string) =>
  [
    ['home-entities', '/', false],
    ['sign-in', '/accedi', false],
    ['not-found', '/no/such/page', false],
    ['entity', `/e/${e}`, false],
    ['entity-en', `/e/${e}?lang=en`, false],
    ['statement', `/e/${e}/estratto`, true],
    ['payments', `/e/${e}/pagamenti`, true],
    ['cart', `/e/${e}/carrello`, true],
    ['calendar', `/e/${e}/scadenze`, true],
    ['services', `/e/${e}/servizi`, true],
    ['profile', `/profilo?ente=${e}`, true],
  ] as const;

describe('the shared frame on the main pages', () => {
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    it(`at ${width} px: no console error, no failed request, nothing wider than the window, axe clean`, async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      const session = await signedIn(context);
      const anonymous = await (await browser.newContext({ viewport: { width, height } })).newPage();
      for (const [name, path, signed] of PAGES(entity.fiscalCode)) {
        const page = signed ? session : anonymous;
        const trouble = watch(page);
        await page.goto(`${base}${path}`);
        await page.evaluate(FONTS_READY);
        // The browser reports CSP violations and failed fonts asynchronously: give them a moment.
        await page.waitForTimeout(150);
        page.removeAllListeners();
        // The not-found page is a 404 itself, which Chromium logs; nothing else may fail.
        const expected =
          name === 'not-found'
            ? ['console error: Failed to load resource: the server responded with a status of 404 (Not Found)']
            : [];
        assert.deepEqual(trouble.problems, expected, `${name} at ${width} px`);
        const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
        assert.ok(
          scrollWidth <= width,
          `${name} at ${width} px is ${scrollWidth} px wide: ${await page.evaluate(WIDEST)}`,
        );
        // Nor a table that scrolls sideways, hiding its last columns.
        assert.deepEqual(await page.evaluate<string[]>(SCROLLING_TABLES), [], `${name} at ${width} px`);
        const header = await headerText(page);
        // Phones hide the tagline: the site's name may then be absent on an entity's pages.
        const times = count(header, 'Pagamenti pagoPA') + count(header, 'pagoPA payments');
        if (width > 768) assert.equal(times, 1, `${name}: the site's name once in the header:\n${header}`);
        else assert.ok(times <= 1, `${name}: the site's name at most once in the header:\n${header}`);
        await checkPage(page, `frame-${name}-${width}`);
      }
      await context.close();
      await anonymous.context().close();
    });
  }

  it('the favicon is served, and the page names it', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/e/${entity.fiscalCode}`);
    const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
    assert.ok(href, 'a <link rel="icon">');
    for (const path of [href, '/favicon.ico']) {
      const res = await page.request.get(new URL(path, base).href);
      assert.equal(res.status(), 200, path);
      assert.match(res.headers()['content-type'] ?? '', /^image\//, path);
    }
    await page.context().close();
  });

  it("a callout's text is drawn in Lora, loaded from Cassa — not in a fallback serif", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/accedi`);
    const callout = page.locator('.callout p').first();
    await callout.waitFor();
    await page.evaluate(FONTS_READY);
    const loaded = await page.evaluate<string[]>(
      `[...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''))`,
    );
    assert.ok(loaded.includes('Lora'), `Lora loaded (loaded: ${loaded.join(', ')})`);
    // What Chromium actually drew the text with (not what the CSS asks for).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.callout p' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    assert.deepEqual(
      fonts.map((f) => [f.familyName, f.isCustomFont]),
      [['Lora', true]],
      'drawn with the web font Lora only',
    );
    await page.context().close();
  });

  it("the profile keeps the entity's navigation when reached from the entity's pages", async () => {
    const context = await browser.newContext();
    // Another citizen: this one's language becomes English.
    const page = await signedIn(context, DEMO_CITIZENS[1]!);
    const nav = page.getByRole('navigation', { name: 'La tua area personale' });
    await nav.getByRole('link', { name: 'Profilo' }).click();
    await page.getByRole('heading', { name: 'Profilo', level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`/profilo\\?ente=${entity.fiscalCode}$`));
    const link = nav.getByRole('link', { name: 'Profilo' });
    assert.equal(await link.getAttribute('aria-current'), 'page', 'the profile is the current page');
    await nav.getByRole('link', { name: 'Estratto conto' }).waitFor();
    // The portal's own stylesheet is there too: its navigation is white on the header's blue.
    assert.equal(
      await page.evaluate<string>(`getComputedStyle(document.querySelector('.account-nav')).backgroundColor`),
      'rgb(0, 102, 204)',
    );
    assert.match(await headerText(page), new RegExp(ENTITY_A.name), "the entity's name in the header");
    // A form of the profile comes back to the profile with the entity still there.
    await page.locator('label[for="language-en"]').click();
    await page.getByRole('button', { name: 'Salva la lingua' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`ente=${entity.fiscalCode}`));
    await page
      .getByRole('navigation', { name: 'Your personal area' })
      .getByRole('link', { name: 'Account statement' })
      .waitFor();
    await context.close();
  });

  it('at 390 px the statement\'s "Dettagli" link and the top bar stay inside the window', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await signedIn(context);
    const details = page.getByRole('link', { name: /Dettagli/ }).first();
    await details.scrollIntoViewIfNeeded();
    const box = await details.boundingBox();
    assert.ok(box, 'the link is drawn');
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `Dettagli spans ${box.x}–${box.x + box.width} px`);
    assert.deepEqual(await page.evaluate<string[]>(SCROLLING_TABLES), [], 'not cut off by a table that scrolls');
    // The top bar's items keep apart: on one line, at least 8 px between them.
    const boxes =
      await page.evaluate<{ text: string; left: number; right: number; top: number; bottom: number }[]>(TOP_BAR_ITEMS);
    assert.ok(boxes.length >= 3, 'language, who is signed in, signing out');
    for (const [i, a] of boxes.entries()) {
      assert.ok(a.left >= 0 && a.right <= 390, `${a.text} spans ${a.left}–${a.right} px`);
      for (const b of boxes.slice(i + 1)) {
        const sameLine = a.top < b.bottom && b.top < a.bottom;
        const apart = a.right + 8 <= b.left || b.right + 8 <= a.left;
        assert.ok(!sameLine || apart, `"${a.text}" and "${b.text}" run together: ${JSON.stringify([a, b])}`);
      }
    }
    await context.close();
  });
});
