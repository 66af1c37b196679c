// One round of each race of the reliability battery's group A, against the harness: the racing
// requests are built first and released together, their server-side windows must overlap (else the
// round is invalid: it proved nothing), and each round checks its own pass figure.
//   A1  50 citizens (each their own browser and address) pay one notice at once → one cart at the
//       PSP, every answer the same attempt's page (303) or 409 "in progress".
//   A2  50 starts, of the pay-in-full notice and of the instalments of one position, then the Nodo
//       activates and pays whatever reached the PSP → never both the full amount and an instalment.
//   A3  one browser posts "pay" 10 times within 50 ms → one cart, every answer the same page.
//   A6  a receipt and the expiry sweep on one expired attempt at once → the receipt wins: position
//       PAID, attempt SUCCEEDED, no expiry recorded after the success. A6b: the same with a receipt
//       that does not name the cart (no paymentNote).

import { systemActor } from '../src/modules/audit/audit.ts';
import { ATTEMPT_TTL_MS } from '../src/modules/payments/attempts/attempt.ts';
import { activationRequest, receiptRequest } from '../src/modules/payments/sandbox/nodo-messages.ts';
import { addressOf, readAnswer } from '../test/support/soap.ts';
import { attemptStatusTrail, attemptsOfNotice, receiptsOfNotice } from './soak.db.ts';
import { allOverlap, type Browser, type Harness } from './soak-harness.ts';

export interface RoundResult {
  /** The racing requests' windows overlapped. */
  valid: boolean;
  violations: string[];
}

type Notice = { nav: string; iuv: string; amountCents: number };
const actor = systemActor('soak');
const RETURN = {
  ok: 'https://e.example/ok',
  cancel: 'https://e.example/ko',
  error: 'https://e.example/e',
  waiting: 'https://e.example/w',
};
const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const due = (monthsAhead: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + monthsAhead, 28);
  return d.toISOString().slice(0, 10);
};
const transfer = (cents: number) => [
  {
    idTransfer: '1',
    amount: cents,
    remittanceInformation: 'TARI',
    category: '9/0101101IM/',
    iban: 'IT60X0542811101000000123456',
  },
];
const debtor = { type: 'F' as const, fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' };

/** A published position: one option of one notice, or (plan) pay in full or in three instalments. */
async function position(h: Harness, iupd: string, plan: boolean): Promise<Notice[][]> {
  const single = { amount: 30_000, description: 'TARI rata unica', dueDate: due(18), transfer: transfer(30_000) };
  const options = [{ debtor, switchToExpired: false, installments: [single] }];
  if (plan) {
    options.push({
      debtor,
      switchToExpired: false,
      installments: [0, 1, 2].map((i) => ({
        amount: 10_000,
        description: `TARI rata ${i + 1}`,
        dueDate: due(19 + i),
        transfer: transfer(10_000),
      })),
    });
  }
  const created = await h.services.positions.create(
    h.entity,
    { iupd, companyName: 'Comune di Soak', paymentOption: options },
    { toPublish: true },
    actor,
  );
  return created.options.map((o) =>
    o.installments.map((i) => ({ nav: i.nav, iuv: i.iuv, amountCents: i.amountCents })),
  );
}

/** The portal's pay button of a notice, pressed in `browser`. */
const pay = (h: Harness, tag: string, browser: Browser, nav: string) =>
  h.send(tag, {
    method: 'POST',
    url: `/e/${h.entity.fiscalCode}/avviso/${nav}/paga`,
    remoteAddress: browser.ip,
    headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: browser.csrf }).toString(),
  });

/** A back office starting Checkout for the notices. */
const start = (h: Harness, tag: string, navs: string[]) =>
  h.send(tag, {
    method: 'POST',
    url: `/api/v1/organizations/${h.entity.fiscalCode}/checkout`,
    headers: { authorization: `Bearer ${h.apiKey}` },
    payload: { noticeNumbers: navs, returnUrls: RETURN },
  });

async function soap(h: Harness, tag: string, operation: 'paGetPaymentV2' | 'paSendRTV2', xml: string) {
  const res = await h.send(tag, {
    method: 'POST',
    url: '/pagopa/paForNode',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
    payload: xml,
  });
  if (res.statusCode !== 200) throw new Error(`${operation} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  return readAnswer(operation, res.statusCode, res.body);
}

/** The Nodo sends the receipt of `n` (paid through `attemptId`'s cart when given). */
const receipt = (h: Harness, tag: string, n: Notice, receiptId: string, attemptId?: string) =>
  soap(
    h,
    tag,
    'paSendRTV2',
    receiptRequest('paSendRTV2', addressOf(h.entity), {
      receiptId,
      nav: n.nav,
      iuv: n.iuv,
      fiscalCode: h.entity.fiscalCode,
      amount: euros(n.amountCents),
      ...(attemptId && { paymentNote: attemptId }),
    }),
  );

/** Checks that every answer to the portal's pay button leads to the notice's one attempt, or is 409. */
async function onePortalAttempt(
  h: Harness,
  nav: string,
  answers: { statusCode: number; headers: Record<string, unknown> }[],
): Promise<{ violations: string[]; attemptId: string | undefined }> {
  const violations: string[] = [];
  const attempts = await attemptsOfNotice(h.services.database.db, h.entity.id, nav);
  if (attempts.length !== 1) violations.push(`${attempts.length} attempts for notice ${nav}`);
  if (h.cartsOf(nav) !== 1) violations.push(`${h.cartsOf(nav)} carts at the PSP for notice ${nav}`);
  const page = attempts[0] && `/pagamento/${attempts[0].id}`;
  const odd = answers.filter((a) => !(a.statusCode === 409 || (a.statusCode === 303 && a.headers.location === page)));
  if (odd.length > 0) {
    const seen = [...new Set(odd.map((a) => `${a.statusCode} ${String(a.headers.location ?? '')}`))].join(', ');
    violations.push(`${odd.length} answers neither 303 to ${page} nor 409: ${seen}`);
  }
  return { violations, attemptId: attempts[0]?.id };
}

export async function a1(h: Harness, round: number, browsers: Browser[]): Promise<RoundResult> {
  const [[notice]] = (await position(h, `A1-${round}`, false)) as [[Notice]];
  const tags = browsers.map((_, i) => `a1-${round}-${i}`);
  const answers = await Promise.all(browsers.map((b, i) => pay(h, tags[i]!, b, notice.nav)));
  const valid = allOverlap(tags.map((t) => h.window(t)));
  const { violations, attemptId } = await onePortalAttempt(h, notice.nav, answers);
  // The Nodo then delivers the payment's receipt: the attempt follows it.
  if (attemptId) {
    await receipt(h, `a1-${round}-rt`, notice, `a1-${round}`, attemptId);
    const status = (await h.services.attempts.byId(attemptId))?.status;
    if (status !== 'SUCCEEDED') violations.push(`attempt ${attemptId} ${status} after its receipt`);
  }
  return { valid, violations };
}

export async function a2(h: Harness, round: number): Promise<RoundResult> {
  const [[full], plan] = (await position(h, `A2-${round}`, true)) as [[Notice], Notice[]];
  const navs = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? full.nav : plan[(i >> 1) % plan.length]!.nav));
  const tags = navs.map((_, i) => `a2-${round}-${i}`);
  const answers = await Promise.all(navs.map((nav, i) => start(h, tags[i]!, [nav])));
  const valid = allOverlap(tags.map((t) => h.window(t)));
  const violations: string[] = [];
  const odd = answers.filter((a) => ![200, 201, 409].includes(a.statusCode));
  if (odd.length > 0) violations.push(`answers other than 200/201/409: ${odd.map((a) => a.statusCode).join(',')}`);
  for (const n of [full, ...plan]) {
    if (h.cartsOf(n.nav) > 1) violations.push(`${h.cartsOf(n.nav)} carts at the PSP for notice ${n.nav}`);
  }
  // The Nodo activates every notice that reached the PSP, and pays what the station let it activate.
  const live = (
    await Promise.all(
      [full, ...plan].map(async (n) => ({
        n,
        held: await attemptsOfNotice(h.services.database.db, h.entity.id, n.nav),
      })),
    )
  ).flatMap(({ n, held }) => held.filter((a) => a.status === 'STARTED').map((a) => ({ n, attemptId: a.id })));
  const activated = await Promise.all(
    live.map(({ n, attemptId }, i) =>
      soap(
        h,
        `a2-${round}-act-${i}`,
        'paGetPaymentV2',
        activationRequest('paGetPaymentV2', addressOf(h.entity), n.nav, { paymentNote: attemptId }),
      ),
    ),
  );
  await Promise.all(
    live.map(({ n, attemptId }, i) =>
      activated[i]!.outcome === 'OK' ? receipt(h, `a2-${round}-rt-${i}`, n, `a2-${round}-${i}`, attemptId) : undefined,
    ),
  );
  const db = h.services.database.db;
  const fullTaken = (await receiptsOfNotice(db, h.entity.id, full.nav)).receipts > 0;
  const planTaken = (await Promise.all(plan.map((n) => receiptsOfNotice(db, h.entity.id, n.nav)))).some(
    (r) => r.receipts > 0,
  );
  if (fullTaken && planTaken) {
    const activatedOk = activated.filter((a) => a.outcome === 'OK').length;
    violations.push(
      `both the full amount and an instalment were paid (${live.length} attempts reached the PSP, the station activated ${activatedOk})`,
    );
  }
  return { valid, violations };
}

export async function a3(h: Harness, round: number, browser: Browser): Promise<RoundResult> {
  const [[notice]] = (await position(h, `A3-${round}`, false)) as [[Notice]];
  const tags = Array.from({ length: 10 }, (_, i) => `a3-${round}-${i}`);
  // Ten presses within 50 ms: one every 5 ms.
  const answers = await Promise.all(
    tags.map((tag, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 5)).then(() => pay(h, tag, browser, notice.nav)),
    ),
  );
  const valid = allOverlap(tags.map((t) => h.window(t)));
  const { violations, attemptId } = await onePortalAttempt(h, notice.nav, answers);
  if (answers.some((a) => a.statusCode !== 303))
    violations.push('the same browser was not sent to its payment page every time');
  if (attemptId) await receipt(h, `a3-${round}-rt`, notice, `a3-${round}`, attemptId);
  return { valid, violations };
}

/** A6 when the receipt names its cart (paymentNote, as Checkout's do); A6b when it does not (paSendRT V1, another channel). */
export async function a6(h: Harness, round: number, named: boolean): Promise<RoundResult> {
  // Older rounds' attempts that are still live expire first, so that the sweep below has only this one.
  const name = `${named ? 'a6' : 'a6b'}-${round}`;
  h.clock.advance(ATTEMPT_TTL_MS + 60_000);
  await h.services.attempts.reconcile(actor);
  const [[notice]] = (await position(h, name, false)) as [[Notice]];
  const started = await start(h, `${name}-start`, [notice.nav]);
  if (started.statusCode !== 201) return { valid: false, violations: [`start answered ${started.statusCode}`] };
  const attemptId = (started.json() as { id: string }).id;
  h.clock.advance(ATTEMPT_TTL_MS + 1_000);
  const [answer] = await Promise.all([
    receipt(h, `${name}-rt`, notice, name, named ? attemptId : undefined),
    h.timed(`${name}-sweep`, () => h.services.attempts.reconcile(actor)),
  ]);
  const valid = allOverlap([h.window(`${name}-rt`), h.window(`${name}-sweep`)]);
  const violations: string[] = [];
  const suffix = named ? '' : ' (receipt without paymentNote)';
  if (answer.outcome !== 'OK') violations.push(`receipt answered ${answer.outcome} ${answer.faultCode}${suffix}`);
  const position_ = await h.services.positions.get(h.entity, name);
  if (position_.status !== 'PAID') violations.push(`position ${position_.status} after its receipt${suffix}`);
  const status = (await h.services.attempts.byId(attemptId))?.status;
  if (status !== 'SUCCEEDED') violations.push(`attempt ${status} after its receipt${suffix}`);
  const trail = await attemptStatusTrail(h.services.database.db, attemptId);
  const success = trail.indexOf('SUCCEEDED');
  if (success >= 0 && trail.slice(success + 1).includes('EXPIRED'))
    violations.push(`expiry recorded after the success: ${trail.join(' → ')}`);
  return { valid, violations };
}
