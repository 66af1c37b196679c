// The portal in a real browser: Debian's Chromium driven by playwright-core, axe (WCAG 2.1 A and
// AA) on a page as it is, with a screenshot in test/output/screenshots; and the steps of a journey
// that several browser tests take the same way.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

export const SCREENSHOTS = join(import.meta.dirname, '..', 'output', 'screenshots');

/** Headless Chromium that reaches out to nothing of its own accord (no updates, sync or first-run pages). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** axe on the page as it is now: no WCAG 2.1 A/AA violation; and a screenshot named `name`. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join(', ')})`,
  );
  assert.deepEqual(summary, [], `${name}: accessibility violations`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** On the sign-in page: the sandbox's pretend sign-in as one of the demo's citizens. */
export async function sandboxSignIn(page: Page, fiscalCode: string): Promise<void> {
  // Bootstrap Italia draws the radio button on its label: a person clicks the label.
  await page.locator(`label[for="citizen-${fiscalCode}"]`).click();
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
}

/** On the way to the sandbox's simulated Checkout: once there, pays with the test card `card`. */
export async function payInSandbox(page: Page, card: string): Promise<void> {
  await page.waitForURL(/\/sandbox\/checkout\//);
  await page.getByLabel(/Numero della carta di prova/).fill(card);
  await page.getByRole('button', { name: /^Paga/ }).click();
}
