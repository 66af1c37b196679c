// Signing in to the portal's profile pages in the tests: the sandbox sign-in, back to /profilo.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { injectBrowser } from './browser.ts';

export type Browser = ReturnType<typeof injectBrowser>;

/** A browser signed in as the citizen through the sandbox sign-in, which brings it back to /profilo. */
export async function signedInAtProfile(app: FastifyInstance, fiscalCode: string): Promise<Browser> {
  const b = injectBrowser(app);
  const form = await b.request('GET', '/accedi?next=%2Fprofilo');
  const done = await b.request('POST', '/accedi/sandbox', { fiscalCode, next: '/profilo', _csrf: b.token(form.body) });
  assert.equal(done.headers.location, '/profilo');
  return b;
}
