// Signed-in console operators for the tests: an operator with roles at an entity (or an installation
// administrator) who accepted an invitation, set up TOTP and signed in with password and code — their
// session cookie, a console page's CSRF token for their forms, and a form sender (console.ts has a
// cookie-keeping browser over app.inject). For browser tests, signInWithBrowser() uses the pages.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import type { Schema } from '../../src/db/schema.ts';
import type { Services } from '../../src/services.ts';
import type { fixedClock } from '../../src/shared/clock.ts';
import { testActor } from './context.ts';

export const OPERATOR_PASSWORD = 'tramonto sul Po 1987';
const from = { requestId: 'test-console' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export interface ConsoleWorld {
  services: Services;
  app: FastifyInstance;
  clock: ReturnType<typeof fixedClock>;
}

export interface SignedInOperator {
  operatorId: string;
  email: string;
  /** The TOTP secret of their authenticator app. */
  secret: string;
  /** `__Host-cassa-console=…; __Host-cassa-console-csrf=…`: the session and the CSRF cookie. */
  cookie: string;
  /** The CSRF token of their forms (as a form value, not encoded). */
  csrf: string;
}

/** The current code of an authenticator holding `secret`, at the world's clock. */
export const totpNow = (world: Pick<ConsoleWorld, 'clock'>, secret: string) =>
  generate({ secret, epoch: Math.floor(world.clock.now().getTime() / 1000) });

/** A new operator (entityId null: an installation administrator) with TOTP set up, signed out. */
export async function enrolledOperator(
  world: ConsoleWorld,
  input: { entityId: string | null; email: string; roles: string[]; displayName?: string },
) {
  const ops = world.services.operators;
  const operator = await ops.accounts.create(
    {
      entityId: input.entityId,
      email: input.email,
      displayName: input.displayName ?? 'Anna Bianchi',
      roles: input.roles,
    },
    testActor,
  );
  const invitation = await ops.invitations.invite(operator.id, testActor);
  const { token } = await ops.invitations.accept(invitation.token, { password: OPERATOR_PASSWORD }, from);
  const { secret } = await ops.secondFactor.enrolTotp(token, from);
  await ops.secondFactor.confirmTotp(token, await totpNow(world, secret), from);
  await ops.sessions.end(token, from);
  world.clock.advance(30_000); // the confirmation code's step is spent
  return { operator, secret };
}

/** The CSRF cookie and token of a console page seen with `cookie`. */
export async function consoleCsrf(app: FastifyInstance, cookie: string, url = '/console') {
  const res = await app.inject({ url, headers: { cookie } });
  const set = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-cassa-console-csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  assert.ok(token, `no CSRF token on ${url} (${res.statusCode})`);
  return { cookie: [cookie, set?.split(';')[0]].filter(Boolean).join('; '), csrf: token };
}

/** An operator signed in with password and TOTP, with their cookie and CSRF token. */
export async function signedInOperator(
  world: ConsoleWorld,
  input: { entityId: string | null; email: string; roles: string[]; displayName?: string },
): Promise<SignedInOperator> {
  const { operator, secret } = await enrolledOperator(world, input);
  const ops = world.services.operators;
  const started = await ops.signIn.password(
    { entityId: input.entityId, email: input.email, password: OPERATOR_PASSWORD },
    from,
  );
  await ops.signIn.totp(started.token, await totpNow(world, secret), from);
  world.clock.advance(30_000);
  const session = `__Host-cassa-console=${started.token}`;
  const { cookie, csrf } = await consoleCsrf(world.app, session);
  return { operatorId: operator.id, email: input.email, secret, cookie, csrf };
}

/** Sends a console form as the operator (with their CSRF token unless `csrf: false`). */
export function postForm(
  app: FastifyInstance,
  who: Pick<SignedInOperator, 'cookie' | 'csrf'>,
  url: string,
  fields: Record<string, string | string[]> = {},
  options: { csrf?: boolean } = {},
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  if (options.csrf !== false) body.append('_csrf', who.csrf);
  return app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: body.toString() });
}

/** Signs in through the console's pages in a browser (fiscal code, e-mail, password, then the code). */
export async function signInWithBrowser(
  page: Page,
  base: string,
  world: Pick<ConsoleWorld, 'clock'>,
  who: { entityFiscalCode: string | null; email: string; secret: string },
) {
  await page.goto(`${base}/console/accedi`);
  if (who.entityFiscalCode) await page.fill('#entity', who.entityFiscalCode);
  await page.fill('#email', who.email);
  await page.fill('#password', OPERATOR_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/accedi\/codice$/);
  await page.fill('#code', await totpNow(world, who.secret));
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console$/);
}

/** The number of rows of a table: what a refused console form may not change. */
export async function rowCount(db: Kysely<Schema>, table: keyof Schema): Promise<number> {
  const row = await db
    .selectFrom(table as 'audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A console page as the operator sees it. */
export const pageAs = (app: FastifyInstance, who: Pick<SignedInOperator, 'cookie'>, url: string) =>
  app.inject({ url, headers: { cookie: who.cookie } });
