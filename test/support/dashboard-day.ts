// A generated day of payments for the dashboard's tests, on Sunday 29 March 2026 — the day Rome's
// clocks go forward (a 23-hour day): two catalogue services and positions made elsewhere, paid
// through pagoPA (paSendRTV2, the Nodo's local times) and recorded by the back office (post office,
// bank), some on either side of Rome's midnight, of the first of the month and of new year; a
// cancelled notice paid anyway and a notice paid twice (both held as over-payments); unpaid,
// overdue and two-option positions. What was generated is kept here, to compare with the page.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { CatalogueService } from '../../src/modules/catalogue/service.ts';
import type { Entity } from '../../src/modules/entities/entity.ts';
import type { GpdPosition } from '../../src/modules/positions/gpd-v3.mapper.ts';
import type { Services } from '../../src/services.ts';
import { canteenService, certificateService } from './catalogue.ts';
import { testActor } from './context.ts';
import { DEBTOR, IBAN_A } from './positions.ts';
import { addressOf, receiptRequest, soapCall } from './soap.ts';

/** 23:55 in Rome on the day of the spring change of clocks. */
export const DAY_CLOCK = '2026-03-29T21:55:00Z';

export interface DayWorld {
  services: Services;
  app: FastifyInstance;
  clock: { set(d: Date | string): void };
}

export interface GeneratedDay {
  canteen: CatalogueService;
  certificate: CatalogueService;
  /** The navs of the positions, by their name below. */
  navs: Record<string, string>;
}

const OTHER = '9/0101101IM/';

function position(iupd: string, cents: number, dueDate: string, category: string, service?: string): GpdPosition {
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        debtor: DEBTOR,
        switchToExpired: false,
        installments: [
          {
            amount: cents,
            description: iupd,
            dueDate,
            transfer: [
              {
                idTransfer: '1',
                amount: cents,
                remittanceInformation: iupd,
                category,
                iban: IBAN_A,
                ...(service && { transferMetadata: [{ key: 'cassaService', value: service }] }),
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Pay in full 90,00 € by 30 April, or in three instalments of 30,00 € (April to June). */
function twoOptions(iupd: string): GpdPosition {
  const one = position(iupd, 9_000, '2026-04-30', OTHER).paymentOption[0]!;
  const plan = ['2026-04-30', '2026-05-31', '2026-06-30'].map(
    (dueDate, i) => position(`${iupd}-${i}`, 3_000, dueDate, OTHER).paymentOption[0]!.installments[0]!,
  );
  return { iupd, companyName: 'Comune di Prova', paymentOption: [one, { ...one, installments: plan }] };
}

let receiptNumber = 0;

/** A pagoPA receipt for the notice at `romeTime` (the Nodo's local time). */
export async function payByPagopa(w: DayWorld, entity: Entity, nav: string, cents: number, romeTime: string) {
  receiptNumber++;
  const answer = await soapCall(
    w.app,
    'paSendRTV2',
    receiptRequest('paSendRTV2', addressOf(entity), {
      receiptId: `rcpt-dash-${receiptNumber}-${nav.slice(-6)}`,
      nav,
      iuv: nav.slice(1),
      fiscalCode: entity.fiscalCode,
      amount: (cents / 100).toFixed(2),
      paymentDateTime: romeTime,
    }),
  );
  assert.equal(answer.outcome, 'OK', answer.body);
}

/** The back office records a payment taken at its `channel` at the instant `at`. */
async function payAtBackOffice(w: DayWorld, entity: Entity, nav: string, channel: string, at: string) {
  await w.services.receipts.recordPayment(entity, nav, { source: 'paids', channel, paidAt: new Date(at) }, testActor);
}

/** Makes the positions on 1 December 2025 (due dates are never in the past), then pays at DAY_CLOCK. */
export async function generateDay(w: DayWorld, entity: Entity): Promise<GeneratedDay> {
  w.clock.set('2025-12-01T09:00:00Z');
  const canteen = await w.services.catalogue.create(entity, canteenService(), testActor);
  const certificate = await w.services.catalogue.create(entity, certificateService(), testActor);
  const { accounting: a } = canteenService();
  const { accounting: b } = certificateService();
  const specs: Record<string, GpdPosition> = {
    A1: position('DASH-A1', 2_500, '2026-03-29', a.category, canteen.id),
    A2: position('DASH-A2', 1_250, '2026-03-10', a.category, canteen.id),
    A3: position('DASH-A3', 5_000, '2026-03-20', a.category, canteen.id),
    B1: position('DASH-B1', 4_000, '2026-03-29', b.category, certificate.id),
    B2: position('DASH-B2', 700, '2026-02-27', b.category, certificate.id),
    B3: position('DASH-B3', 6_000, '2026-06-30', b.category, certificate.id),
    N1: position('DASH-N1', 15_000, '2026-03-29', OTHER),
    N2: position('DASH-N2', 9_999, '2026-03-01', OTHER),
    N3: position('DASH-N3', 1_000, '2026-01-31', OTHER),
    N4: position('DASH-N4', 2_000, '2026-12-31', OTHER),
    Q: position('DASH-Q', 3_000, '2026-03-29', OTHER),
    F: twoOptions('DASH-F'),
  };
  const navs: Record<string, string> = {};
  for (const [name, body] of Object.entries(specs)) {
    const made = await w.services.positions.create(entity, body, { toPublish: true }, testActor);
    navs[name] = made.options[0]!.installments[0]!.nav;
  }
  await w.services.lifecycle.invalidate(entity, 'DASH-Q', testActor);
  w.clock.set(DAY_CLOCK);
  // Just after Rome's midnight: 23:10 UTC of the day before — today.
  await payByPagopa(w, entity, navs.A1!, 2_500, '2026-03-29T00:10:00');
  // Just before it, the evening before (winter time, +01:00): this month, not today.
  await payAtBackOffice(w, entity, navs.A2!, 'POST_OFFICE', '2026-03-28T23:50:00+01:00');
  // After the clocks went forward (summer time, +02:00).
  await payByPagopa(w, entity, navs.B1!, 4_000, '2026-03-29T03:30:00');
  // Five minutes before the end of the 23-hour day.
  await payAtBackOffice(w, entity, navs.N1!, 'BANK', '2026-03-29T23:50:00+02:00');
  // A quarter of an hour into the month (still 28 February in UTC).
  await payByPagopa(w, entity, navs.N2!, 9_999, '2026-03-01T00:15:00');
  // The last evening of February: this year only.
  await payByPagopa(w, entity, navs.B2!, 700, '2026-02-28T23:30:00');
  // Half an hour into the year (still 2025 in UTC), and the last evening of 2025 (not this year).
  await payByPagopa(w, entity, navs.N3!, 1_000, '2026-01-01T00:30:00');
  await payAtBackOffice(w, entity, navs.N4!, 'POST_OFFICE', '2025-12-31T23:30:00+01:00');
  // The cancelled notice paid anyway, and A1's notice paid a second time: both held, both money in.
  await payByPagopa(w, entity, navs.Q!, 3_000, '2026-03-29T10:00:00');
  await payByPagopa(w, entity, navs.A1!, 2_500, '2026-03-29T11:00:00');
  return { canteen, certificate, navs };
}
