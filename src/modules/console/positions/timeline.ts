// A position's timeline: its domain events, payment attempts, receipts, over-payments, the webhook
// deliveries of its events and its audit records, merged into one list, newest first, each fact said
// in plain words in the page's language. Pure: the rows come from detail.db.ts.
import { fill } from '../../../shared/fill.ts';
import { formatEuro } from '../../../shared/money.ts';
import type { ConsoleTexts, Language } from '../texts.ts';
import type { TimelineSources } from './detail.db.ts';

export interface TimelineItem {
  at: Date;
  source: 'event' | 'attempt' | 'receipt' | 'overpayment' | 'delivery' | 'audit';
  text: string;
}

/** The words of a key built at run time, or the fallback when there are none. */
const word = (t: ConsoleTexts, key: string, fallback: string) =>
  (t as unknown as Record<string, string | undefined>)[key] ?? fallback;

/** Who an audit actor or a requester is, in words: an operator by name, else by kind ("the back office"). */
export function whoIs(actor: string, t: ConsoleTexts, names: ReadonlyMap<string, string> = new Map()): string {
  const name = names.get(actor);
  if (name) return fill(t.positions_who_named, { name });
  const kind = actor.split(':')[0] ?? '';
  return word(t, `positions_who_${kind}`, actor);
}

export function timeline(s: TimelineSources, t: ConsoleTexts, lang: Language): TimelineItem[] {
  const euro = (cents: unknown) => formatEuro(Number(cents), lang);
  const eventType = new Map(s.events.map((e) => [e.id, e.type]));
  const items: TimelineItem[] = [
    ...s.events.map((e) => ({
      at: new Date(e.created_at),
      source: 'event' as const,
      text: fill(word(t, `positions_ev_${e.type.replace('.', '_')}`, t.positions_ev_other), {
        type: e.type,
        nav: String(e.data.nav ?? ''),
        amount: typeof e.data.amount === 'number' ? euro(e.data.amount) : '',
      }),
    })),
    ...s.attempts.map((a) => ({
      at: a.created_at,
      source: 'attempt' as const,
      text: fill(t.positions_attempt, {
        nav: a.nav,
        amount: euro(a.amount_cents),
        who: whoIs(a.requested_by, t, s.names),
        checkout: word(t, `positions_checkout_${a.checkout}`, a.checkout),
        status: word(t, `positions_attempt_${a.status}`, a.status),
      }),
    })),
    ...s.receipts.map((r) => ({
      at: r.paid_at,
      source: 'receipt' as const,
      text: fill(t.positions_receipt, {
        id: r.receipt_id,
        amount: euro(r.amount_cents),
        nav: r.nav,
        via: r.psp_company ? fill(t.positions_receiptVia, { psp: r.psp_company }) : '',
      }),
    })),
    ...s.overpayments.map((o) => ({
      at: o.created_at,
      source: 'overpayment' as const,
      text: fill(t.positions_overpayment, {
        amount: euro(o.amount_cents),
        nav: o.nav,
        reason: word(t, `positions_reason_${o.reason}`, o.reason),
        status: word(t, `positions_op_${o.status}`, o.status),
      }),
    })),
    ...s.deliveries.map((d) => ({
      at: d.delivered_at ?? d.last_attempt_at ?? d.created_at,
      source: 'delivery' as const,
      text: fill(t.positions_delivery, {
        type: eventType.get(d.event_id) ?? '',
        url: d.url,
        status: word(t, `positions_delivery_${d.status}`, d.status),
        attempts: d.attempts,
      }),
    })),
    ...s.audit.map((a) => ({
      at: a.at,
      source: 'audit' as const,
      text: fill(t.positions_audit, {
        what: word(
          t,
          `positions_audit_${a.action.replace('.', '_')}`,
          fill(t.positions_audit_other, { action: a.action }),
        ),
        who: whoIs(a.actor, t, s.names),
      }),
    })),
  ];
  // Newest first; at the same instant, the order of the sources above (the event before its delivery).
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}
