// The console's pages and forms role by role (test/authz-matrix.ts, access `console`): every shipped
// role (ADR 0033's table, written out here again), an installation administrator, an administrator of
// another entity, and no session. A page answers 200 to a role holding its need, 403 to one without,
// 404 to the other entity's administrator (as for a body that does not exist); a form without a
// console page's CSRF token, or from a role without the need, changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { AUTHZ_MATRIX, type Need } from './authz-matrix.ts';
import { ctx, setUpAuthz, tearDownAuthz } from './support/authz-fixture.ts';
import { postForm, type SignedInOperator, signedInOperator, totpNow } from './support/console-operators.ts';
import { fillConsoleUrl } from './support/console-samples.ts';
import { ENTITY_B } from './support/context.ts';

/** What each shipped role may do (ADR 0033): `area` read, or `area:write`. */
const ROLE_GRANTS: Record<string, string[]> = {
  administrator: [
    'positions:write',
    'payments:write',
    'reconciliation:write',
    'catalogue:write',
    'messages:write',
    'settings:write',
    'operators:write',
    'audit:write',
  ],
  'finance-office': [
    'positions:read',
    'payments:write',
    'reconciliation:write',
    'catalogue:read',
    'messages:read',
    'audit:read',
  ],
  operator: ['positions:write', 'payments:read', 'catalogue:read', 'messages:write'],
  'help-desk': ['positions:read', 'payments:read', 'catalogue:read', 'messages:write'],
  auditor: [
    'positions:read',
    'payments:read',
    'reconciliation:read',
    'catalogue:read',
    'messages:read',
    'settings:read',
    'operators:read',
    'audit:read',
  ],
};

const holds = (role: string, need: Need | undefined) => {
  if (!need) return true;
  const [area, access] = need.split(':');
  return ROLE_GRANTS[role]!.some((g) => g === `${area}:write` || (access === 'read' && g === `${area}:read`));
};

const EXPIRED_FORM = 'Il modulo è scaduto';
let entityA: Entity;
const byRole = new Map<string, SignedInOperator>();
let installationAdmin: SignedInOperator;
let otherEntityAdmin: SignedInOperator;

before(async () => {
  await setUpAuthz();
  entityA = (await ctx.services.entities.list()).find((e) => e.fiscalCode !== ENTITY_B.fiscalCode)!;
  const entityB = (await ctx.services.entities.byFiscalCode(ENTITY_B.fiscalCode))!;
  for (const role of Object.keys(ROLE_GRANTS)) {
    byRole.set(
      role,
      await signedInOperator(ctx, { entityId: entityA.id, email: `${role}@comune.example.it`, roles: [role] }),
    );
  }
  installationAdmin = await signedInOperator(ctx, {
    entityId: null,
    email: 'root@cassa.example.it',
    roles: ['administrator'],
  });
  otherEntityAdmin = await signedInOperator(ctx, {
    entityId: entityB.id,
    email: 'admin@altrove.example.it',
    roles: ['administrator'],
  });
});
after(tearDownAuthz);

/** A recent proof of identity for the operator's session (a new TOTP code, at the next time step). */
async function proveAgain(who: SignedInOperator) {
  ctx.clock.advance(30_000);
  const token = /__Host-cassa-console=([^;]+)/.exec(who.cookie)![1]!;
  await ctx.services.operators.signIn.reauthenticate(token, await totpNow(ctx, who.secret), { requestId: 'authz' });
}

/** What a refused form may not change: the audit trail (every change writes to it). */
const auditCount = async () =>
  Number(
    (
      await ctx.services.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Every open session proved who it is just now (a sensitive act's form asks for a recent proof). */
const freshen = () =>
  ctx.services.database.db
    .updateTable('operator_sessions')
    .set({ reauthenticated_at: ctx.clock.now() })
    .where('ended_at', 'is', null)
    .execute();

const routes = AUTHZ_MATRIX.filter((r) => r.access === 'console');

let listening: string | undefined;

/**
 * A GET of a console route: through app.inject, or — for a stream that never ends by itself
 * (server-sent events, `stream: true`) — a real HTTP request whose status and headers are read, and
 * its body only when it is not the stream (a refusal's page); the stream is then cut.
 */
async function get(route: { stream?: true }, url: string, cookie?: string) {
  if (!route.stream) return ctx.app.inject({ url, headers: cookie ? { cookie } : {} });
  if (!listening) {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    listening = `http://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}`;
  }
  const aborted = new AbortController();
  const res = await fetch(`${listening}${url}`, {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
    signal: aborted.signal,
  });
  const headers = Object.fromEntries(res.headers);
  const streaming = res.status === 200 && /^text\/event-stream/.test(headers['content-type'] ?? '');
  const body = streaming ? '' : await res.text();
  if (streaming) aborted.abort();
  if (res.status === 200) assert.ok(streaming, `${url}: a stream of events (${headers['content-type']})`);
  return { statusCode: res.status, headers, body };
}

/**
 * A sensitive act's form (`fresh`) sends a holder whose proof of identity is not recent to the
 * confirmation page and back: that counts as let through (200); anything else is the status.
 */
function allowedAnswer(route: { fresh?: true }, res: { statusCode: number; headers: Record<string, unknown> }) {
  const location = String(res.headers.location ?? '');
  return route.fresh && res.statusCode === 303 && location.startsWith('/console/conferma?dopo=') ? 200 : res.statusCode;
}

describe('console pages, role by role', () => {
  it('lists the console routes of the matrix (the app has some)', () => {
    assert.ok(routes.length > 0);
  });

  for (const route of routes.filter((r) => r.method === 'GET')) {
    it(`GET ${route.url} (${route.need ?? 'any operator'})`, async () => {
      const url = await fillConsoleUrl(route.url, ctx, entityA);
      await freshen();
      assert.equal((await get(route, url)).headers.location, '/console/accedi', 'no session');
      if (route.fresh) {
        // A sensitive act's form: each operator has just proved who they are again.
        for (const who of [...byRole.values(), installationAdmin, otherEntityAdmin]) await proveAgain(who);
      }
      for (const [role, who] of byRole) {
        const res = await get(route, url, who.cookie);
        const expected = holds(role, route.need) ? 200 : 403;
        assert.equal(allowedAnswer(route, res), expected, `${role}: ${res.body.slice(0, 300)}`);
      }
      const root = await get(route, url, installationAdmin.cookie);
      assert.equal(allowedAnswer(route, root), 200, 'an installation administrator');
      if (route.url.includes(':ente')) {
        const other = await get(route, url, otherEntityAdmin.cookie);
        assert.equal(other.statusCode, 404, 'another entity’s administrator');
        const nobody = await get(route, url.replace(entityA.fiscalCode, '00000000000'), installationAdmin.cookie);
        assert.equal(nobody.statusCode, 404, 'a body that does not exist');
        // The other entity's administrator cannot tell entity A from a body that does not exist: the
        // same page (but for the address it names and the page's nonce and form token).
        const unknown = await get(route, url.replace(entityA.fiscalCode, '00000000000'), otherEntityAdmin.cookie);
        const same = (body: string) =>
          body
            .replace(/nonce-[^"']+/g, '')
            .replace(/name="_csrf" value="[^"]*"/g, '')
            .replaceAll(entityA.fiscalCode, '00000000000');
        assert.equal(same(other.body), same(unknown.body));
      }
    });
  }

  for (const route of routes.filter((r) => r.method !== 'GET')) {
    it(`${route.method} ${route.url} (${route.need ?? 'any operator'}): refused ones change nothing`, async () => {
      const url = await fillConsoleUrl(route.url, ctx, entityA);
      await freshen();
      const before = await auditCount();
      const anonymous = await ctx.app.inject({ method: route.method as 'POST', url });
      assert.ok([303, 400].includes(anonymous.statusCode), `no session: ${anonymous.statusCode}`);
      for (const [role, who] of byRole) {
        const bare = await postForm(ctx.app, who, url, {}, { csrf: false });
        assert.equal(bare.statusCode, 400, `${role} without the CSRF token`);
        assert.ok(bare.body.includes(EXPIRED_FORM), role);
        if (!holds(role, route.need)) {
          const refused = await postForm(ctx.app, who, url);
          assert.equal(refused.statusCode, 403, `${role}: ${refused.body.slice(0, 300)}`);
        }
      }
      if (route.url.includes(':ente')) {
        const other = await postForm(ctx.app, otherEntityAdmin, url);
        assert.equal(other.statusCode, 404, 'another entity’s administrator');
      }
      assert.equal(await auditCount(), before, 'nothing changed');
      const allowed = [...byRole].find(([role]) => holds(role, route.need))![1];
      const taken = await postForm(ctx.app, allowed, url);
      assert.ok(![403, 404].includes(taken.statusCode), `taken: ${taken.statusCode}`);
      assert.ok(!taken.body.includes(EXPIRED_FORM), 'the token was taken');
    });
  }
});
