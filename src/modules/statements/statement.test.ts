// The totals of the account statement: what counts as due, overdue, paid and expired, and that a
// position with several ways to pay is never counted twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../../shared/dates.ts';
import type { Cents } from '../../shared/money.ts';
import type { Installment, PaymentOption, Position, PositionStatus } from '../positions/position.ts';
import { buildStatement, type StatementTotals } from './statement.ts';

const DEBTOR = 'RSSMRA80A01H501U';
const OTHER = 'VRDGPP75M15F205Y';
const NOW = new Date('2026-06-15T10:00:00Z'); // today in Rome: 2026-06-15
const ENTITY = { name: 'Comune di Prova', fiscalCode: '80016350821' };
let navSeq = 0;

type Inst = { cents: number; due: string; paidAt?: string };

function option(index: number, installments: Inst[], debtor = DEBTOR): PaymentOption {
  return {
    index,
    switchToExpired: false,
    debtor: { type: 'F', fiscalCode: debtor, fullName: debtor === DEBTOR ? 'Mario Rossi' : 'Giuseppe Verdi' },
    installments: installments.map(
      (i, n): Installment => ({
        id: `i${navSeq}`,
        optionIndex: index,
        index: n,
        nav: `30200000000${String(++navSeq).padStart(7, '0')}`,
        iuv: '',
        amountCents: i.cents as Cents,
        description: `Rata ${n + 1}`,
        dueDate: i.due as IsoDate,
        status: i.paidAt ? 'PAID' : 'UNPAID',
        payment: i.paidAt
          ? {
              paidAt: new Date(i.paidAt),
              method: null,
              channel: 'BANK',
              pspCompany: null,
              receiptId: null,
              feeCents: null,
              recordedBy: null,
            }
          : null,
        transfers: [],
        metadata: [],
        insertedAt: NOW,
        lastUpdatedAt: NOW,
      }),
    ),
  };
}

function position(iupd: string, status: PositionStatus, options: PaymentOption[]): Position {
  const paidOption = options.find((o) => o.installments.some((i) => i.status === 'PAID'));
  return {
    id: iupd,
    entityId: 'e',
    iupd,
    status,
    companyName: ENTITY.name,
    payStandIn: false,
    options,
    settlingOption: paidOption ? paidOption.index : null,
    version: 1,
    contentHash: '',
    insertedAt: NOW,
    publishedAt: NOW,
    paidAt: null,
    lastUpdatedAt: NOW,
  };
}

const totalsOf = (positions: Position[], debtor = DEBTOR): StatementTotals =>
  buildStatement({ entity: ENTITY, debtorFiscalCode: debtor, positions, now: NOW }).totals;

describe('statement totals', () => {
  it('single payments: open, overdue and paid', () => {
    const totals = totalsOf([
      position('OPEN', 'VALID', [option(0, [{ cents: 10_050, due: '2026-12-31' }])]),
      position('LATE', 'VALID', [option(0, [{ cents: 2_001, due: '2026-06-14' }])]),
      position('TODAY', 'VALID', [option(0, [{ cents: 300, due: '2026-06-15' }])]),
      position('PAID', 'PAID', [option(0, [{ cents: 7_777, due: '2026-05-31', paidAt: '2026-05-20T09:00:00Z' }])]),
    ]);
    assert.deepEqual(totals, { dueCents: 12_351, overdueCents: 2_001, paidCents: 7_777, expiredCents: 0 });
  });

  it('pay in full or in instalments, nothing paid: counts the cheapest option once', () => {
    const full = option(0, [{ cents: 28_500, due: '2026-09-30' }]); // discounted
    const plan = option(1, [
      { cents: 10_000, due: '2026-09-30' },
      { cents: 10_000, due: '2026-10-31' },
      { cents: 10_000, due: '2026-11-30' },
    ]);
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [position('TARI', 'VALID', [full, plan])],
      now: NOW,
    });
    assert.deepEqual(statement.totals, { dueCents: 28_500, overdueCents: 0, paidCents: 0, expiredCents: 0 });
    const rows = statement.positions[0]!.rows;
    assert.equal(rows.length, 4);
    assert.deepEqual(
      rows.map((r) => r.counted),
      [true, false, false, false],
    );
  });

  it('same total: the single payment is the reference option, not the plan', () => {
    const plan = option(0, [
      { cents: 5_000, due: '2026-07-31' },
      { cents: 5_000, due: '2026-08-31' },
    ]);
    const full = option(1, [{ cents: 10_000, due: '2026-07-31' }]);
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [position('EQ', 'VALID', [plan, full])],
      now: NOW,
    });
    assert.equal(statement.totals.dueCents, 10_000);
    assert.deepEqual(
      statement.positions[0]!.rows.map((r) => r.counted),
      [false, false, true],
    );
  });

  it('plan partly paid: the remaining instalments of that plan, the pay-in-full option no longer due', () => {
    const full = option(0, [{ cents: 28_500, due: '2026-09-30' }]);
    const plan = option(1, [
      { cents: 10_000, due: '2026-05-31', paidAt: '2026-05-30T08:00:00Z' },
      { cents: 10_000, due: '2026-06-10' },
      { cents: 10_000, due: '2026-07-31' },
    ]);
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [position('TARI', 'PARTIALLY_PAID', [full, plan])],
      now: NOW,
    });
    assert.deepEqual(statement.totals, { dueCents: 20_000, overdueCents: 10_000, paidCents: 10_000, expiredCents: 0 });
    const p = statement.positions[0]!;
    assert.equal(p.state, 'PARTIALLY_PAID');
    assert.deepEqual(
      p.rows.map((r) => r.state),
      ['NOT_DUE', 'PAID', 'OVERDUE', 'TO_PAY'],
    );
    assert.equal(p.rows[1]!.paidOn, '2026-05-30');
  });

  it('paid in full while a plan existed: all paid, the plan not due', () => {
    const full = option(0, [{ cents: 30_000, due: '2026-09-30', paidAt: '2026-06-01T22:30:00Z' }]);
    const plan = option(1, [
      { cents: 15_000, due: '2026-05-31' },
      { cents: 15_000, due: '2026-08-31' },
    ]);
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [position('X', 'PAID', [full, plan])],
      now: NOW,
    });
    assert.deepEqual(statement.totals, { dueCents: 0, overdueCents: 0, paidCents: 30_000, expiredCents: 0 });
    // Paid at 00:30 in Rome on 2 June: the payment date is the Rome calendar day.
    assert.equal(statement.positions[0]!.rows[0]!.paidOn, '2026-06-02');
    assert.deepEqual(
      statement.positions[0]!.rows.map((r) => r.state),
      ['PAID', 'NOT_DUE', 'NOT_DUE'],
    );
  });

  it('cancelled positions are shown and count nothing; drafts are not shown', () => {
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [
        position('CANCELLED', 'INVALID', [option(0, [{ cents: 5_000, due: '2026-01-31' }])]),
        position('DRAFT', 'DRAFT', [option(0, [{ cents: 9_000, due: '2026-01-31' }])]),
      ],
      now: NOW,
    });
    assert.deepEqual(
      statement.positions.map((p) => [p.iupd, p.state, p.rows[0]!.state, p.rows[0]!.counted]),
      [['CANCELLED', 'CANCELLED', 'CANCELLED', false]],
    );
    assert.deepEqual(statement.totals, { dueCents: 0, overdueCents: 0, paidCents: 0, expiredCents: 0 });
  });

  it('expired positions count in their own total, not in due or overdue', () => {
    const full = option(0, [{ cents: 12_000, due: '2026-03-31' }]);
    const plan = option(1, [
      { cents: 6_500, due: '2026-03-31' },
      { cents: 6_500, due: '2026-04-30' },
    ]);
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [
        position('OLD', 'EXPIRED', [full, plan]),
        position('NEW', 'VALID', [option(0, [{ cents: 100, due: '2026-01-01' }])]),
      ],
      now: NOW,
    });
    assert.deepEqual(statement.totals, { dueCents: 100, overdueCents: 100, paidCents: 0, expiredCents: 12_000 });
    const old = statement.positions.find((p) => p.iupd === 'OLD')!;
    assert.equal(old.state, 'EXPIRED');
    assert.ok(old.rows.every((r) => r.state === 'EXPIRED'));
  });

  it('a published position not yet payable is owed: counted as due', () => {
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [position('SOON', 'PUBLISHED', [option(0, [{ cents: 4_200, due: '2026-10-31' }])])],
      now: NOW,
    });
    assert.equal(statement.positions[0]!.state, 'NOT_YET_PAYABLE');
    assert.equal(statement.totals.dueCents, 4_200);
  });

  it("shows only the debtor's options; another debtor's payment settles the position", () => {
    const mine = option(0, [{ cents: 5_000, due: '2026-09-30' }]);
    const theirs = option(1, [{ cents: 5_000, due: '2026-09-30', paidAt: '2026-06-01T10:00:00Z' }], OTHER);
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [position('SHARED', 'PAID', [mine, theirs])],
      now: NOW,
    });
    const rows = statement.positions[0]!.rows;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.state, 'NOT_DUE');
    assert.deepEqual(statement.totals, { dueCents: 0, overdueCents: 0, paidCents: 0, expiredCents: 0 });
    assert.equal(statement.debtor.name, 'Mario Rossi');
  });

  it('sums amounts exactly as integer cents', () => {
    // 0.10 + 0.20 in floating point is 0.30000000000000004; a thousand of each must be exactly 300.00 €.
    const positions = Array.from({ length: 2000 }, (_, n) =>
      position(`P${n}`, 'VALID', [option(0, [{ cents: n % 2 === 0 ? 10 : 20, due: '2026-12-31' }])]),
    );
    const totals = totalsOf(positions);
    assert.equal(totals.dueCents, 30_000);
    assert.ok(Number.isInteger(totals.dueCents));
  });

  it('an unknown debtor gets an empty statement with zero totals', () => {
    const statement = buildStatement({ entity: ENTITY, debtorFiscalCode: OTHER, positions: [], now: NOW });
    assert.deepEqual(statement.positions, []);
    assert.equal(statement.debtor.name, null);
    assert.equal(statement.date, '2026-06-15');
    assert.deepEqual(statement.totals, { dueCents: 0, overdueCents: 0, paidCents: 0, expiredCents: 0 });
  });

  it('orders positions by their first due date', () => {
    const statement = buildStatement({
      entity: ENTITY,
      debtorFiscalCode: DEBTOR,
      positions: [
        position('B', 'VALID', [option(0, [{ cents: 1, due: '2026-12-31' }])]),
        position('A', 'VALID', [option(0, [{ cents: 1, due: '2026-07-31' }])]),
      ],
      now: NOW,
    });
    assert.deepEqual(
      statement.positions.map((p) => p.iupd),
      ['A', 'B'],
    );
  });
});
