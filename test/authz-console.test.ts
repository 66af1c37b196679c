// Authorization of the operator console's routes (test/authz-matrix.ts): its forms need the CSRF token
// of a console page (a portal token is no console token), the steps of a sign-in only the browser at
// that step, an invitation's page a live link, home an active operator session — and a refused
// request changes nothing. The fixture is authz-fixture.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import { ctx, ids, setUpAuthz, tearDownAuthz } from './support/authz-fixture.ts';
import { testActor } from './support/context.ts';
import { operatorFixture } from './support/operators.ts';

const PASSWORD = 'tramonto sul Po 1987';
const from = { requestId: 'authz-console' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let entity: Entity;
let fixture: ReturnType<typeof operatorFixture>;

before(async () => {
  await setUpAuthz();
  entity = (await ctx.services.entities.byFiscalCode(ids.organizationfiscalcode))!;
  fixture = operatorFixture(() => ({ db: ctx.db, ops: ctx.services.operators, entity, clock: ctx.clock }), PASSWORD);
});
after(tearDownAuthz);

/** What a refused console request may not change: operators, their sessions, invitations, the audit trail. */
async function snapshot() {
  const db = ctx.services.database.db;
  return {
    operators: await db
      .selectFrom('operators')
      .select(['id', 'failed_attempts', 'password_hash'])
      .orderBy('id')
      .execute(),
    sessions: await db.selectFrom('operator_sessions').select(['id', 'stage', 'ended_at']).orderBy('id').execute(),
    invitations: await db.selectFrom('operator_invitations').select(['id', 'used_at']).orderBy('id').execute(),
    audit: (await db.selectFrom('audit_log').select('seq').execute()).length,
  };
}

let count = 0;
/** Session cookies of a new operator at each stage of a sign-in. */
async function sessionsAtEveryStage() {
  const ops = ctx.services.operators;
  const n = ++count;
  const invited = await ops.accounts.create(
    { entityId: entity.id, email: `invited${n}@comune.example.it`, displayName: 'Ivo Rossi', roles: ['operator'] },
    testActor,
  );
  const enrol = await ops.invitations.accept(
    (await ops.invitations.invite(invited.id, testActor)).token,
    { password: PASSWORD },
    from,
  );
  const { secret } = await fixture.enrolled(`enrolled${n}@comune.example.it`);
  const password = () =>
    ops.signIn.password({ entityId: entity.id, email: `enrolled${n}@comune.example.it`, password: PASSWORD }, from);
  const pending = await password();
  const active = await password();
  await ops.signIn.totp(active.token, await fixture.codeNow(secret), from);
  ctx.clock.advance(30_000);
  const cookie = (token: string) => `__Host-cassa-console=${token}`;
  return { enrol: cookie(enrol.token), 'second-factor': cookie(pending.token), active: cookie(active.token) };
}

/** A console page's CSRF cookie and token. */
async function consoleToken(cookie = '', url = '/console/accedi') {
  const res = await ctx.app.inject({ url, headers: { cookie } });
  const set = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-cassa-console-csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!;
  return { cookie: [cookie, String(set).split(';')[0]].filter(Boolean).join('; '), token: encodeURIComponent(token) };
}

describe('console forms', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'console-form')) {
    it(`${route.method} ${route.url}: only with a console page's CSRF token; refused, nothing changes`, async () => {
      const before = await snapshot();
      const bare = await ctx.app.inject({ method: 'POST', url: route.url, headers: FORM, payload: 'email=a@b.it' });
      assert.equal(bare.statusCode, 400);
      const home = await ctx.app.inject({ url: `/e/${ids.fiscalCode}` });
      const portalCookie = String(home.headers['set-cookie']).split(';')[0]!;
      const portalToken = encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(home.body)![1]!);
      const crossed = await ctx.app.inject({
        method: 'POST',
        url: route.url,
        headers: { ...FORM, cookie: portalCookie },
        payload: `email=a@b.it&password=x&_csrf=${portalToken}`,
      });
      assert.equal(crossed.statusCode, 400);
      assert.deepEqual(await snapshot(), before);
      const { cookie, token } = await consoleToken();
      const taken = await ctx.app.inject({
        method: 'POST',
        url: route.url,
        headers: { ...FORM, cookie },
        payload: `email=a@b.it&password=not-right-at-all&_csrf=${token}`,
      });
      assert.equal(taken.statusCode, 401, 'taken, and refused for its credentials');
    });
  }
});

const STEP = { '/console/accedi/codice': 'second-factor', '/console/attiva': 'enrol' } as const;

describe('steps of a pending sign-in', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'operator-pending')) {
    it(`${route.method} ${route.url}: only for the browser at that step; its form with the CSRF token`, async () => {
      const url = route.url as keyof typeof STEP;
      const cookies = await sessionsAtEveryStage();
      const send = (cookie: string, payload = '') =>
        ctx.app.inject({ method: route.method as 'GET', url, headers: { ...FORM, cookie }, payload });
      const before = await snapshot();
      const anonymous = await send('', 'code=123456');
      if (route.method === 'GET') assert.equal(anonymous.headers.location, '/console/accedi');
      else assert.equal(anonymous.statusCode, 400, 'a form without the CSRF token, before anything else');
      const forged = await send('__Host-cassa-console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'code=123456');
      assert.equal(forged.statusCode, route.method === 'GET' ? 303 : 400);
      if (route.method === 'POST') {
        const bare = await send(cookies[STEP[url]], 'code=123456');
        assert.equal(bare.statusCode, 400, 'the right session without the CSRF token');
        assert.deepEqual(await snapshot(), before);
        const { cookie, token } = await consoleToken(cookies.active, '/console');
        const active = await send(cookie, `code=123456&_csrf=${token}`);
        assert.equal(active.statusCode, 303, 'an active session has nothing to do here');
        return;
      }
      assert.deepEqual(await snapshot(), before);
      for (const [stage, cookie] of Object.entries(cookies)) {
        const res = await send(cookie);
        if (stage === STEP[url]) assert.equal(res.statusCode, 200, `${stage}: ${res.body.slice(0, 200)}`);
        else assert.equal(res.statusCode, 303, stage);
      }
    });
  }
});

describe('invitations', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'invitation')) {
    it(`${route.method} ${route.url}: only with a live link (else 404), its form with the CSRF token`, async () => {
      const unknown = route.url.replace(':token', 'A'.repeat(43));
      const before = await snapshot();
      const { cookie, token } = await consoleToken();
      const payload = `password=${encodeURIComponent(PASSWORD)}&passwordRepeat=${encodeURIComponent(PASSWORD)}&_csrf=${token}`;
      const nothing = await ctx.app.inject({
        method: route.method as 'GET',
        url: unknown,
        headers: { ...FORM, cookie },
        payload,
      });
      assert.equal(nothing.statusCode, 404);
      assert.deepEqual(await snapshot(), before);
      if (route.method === 'GET') return;
      const operator = await ctx.services.operators.accounts.create(
        { entityId: entity.id, email: `link${++count}@comune.example.it`, displayName: 'Ada Gialli', roles: [] },
        testActor,
      );
      const link = await ctx.services.operators.invitations.invite(operator.id, testActor);
      const url = route.url.replace(':token', link.token);
      const mid = await snapshot();
      const bare = await ctx.app.inject({
        method: 'POST',
        url,
        headers: FORM,
        payload: payload.replace(/&_csrf=.*$/, ''),
      });
      assert.equal(bare.statusCode, 400);
      assert.deepEqual(await snapshot(), mid, 'the link is still unused');
      const taken = await ctx.app.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload });
      assert.equal(taken.statusCode, 303);
    });
  }
});

describe('operator pages', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'operator')) {
    it(`${route.method} ${route.url}: only an active operator session; others to sign-in or their step`, async () => {
      const cookies = await sessionsAtEveryStage();
      const get = (cookie: string) => ctx.app.inject({ url: route.url, headers: { cookie } });
      assert.equal((await get('')).headers.location, '/console/accedi');
      assert.equal(
        (await get('__Host-cassa-console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).headers.location,
        '/console/accedi',
      );
      assert.equal((await get(cookies.enrol)).headers.location, '/console/attiva');
      assert.equal((await get(cookies['second-factor'])).headers.location, '/console/accedi/codice');
      assert.equal((await get(cookies.active)).statusCode, 200);
    });
  }
});

describe('operator forms', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'operator-form')) {
    it(`${route.method} ${route.url}: only with a console page's CSRF token; refused, the session lives on`, async () => {
      const { active } = await sessionsAtEveryStage();
      const before = await snapshot();
      const bare = await ctx.app.inject({ method: 'POST', url: route.url, headers: { ...FORM, cookie: active } });
      assert.equal(bare.statusCode, 400);
      assert.deepEqual(await snapshot(), before);
      const { cookie, token } = await consoleToken(active, '/console');
      const taken = await ctx.app.inject({
        method: 'POST',
        url: route.url,
        headers: { ...FORM, cookie },
        payload: `_csrf=${token}`,
      });
      assert.equal(taken.statusCode, 303);
      assert.equal((await ctx.app.inject({ url: '/console', headers: { cookie: active } })).statusCode, 303);
    });
  }
});
