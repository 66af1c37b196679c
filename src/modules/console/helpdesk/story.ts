// A position's story in plain words for the help desk: what it is and for whom, when it was published
// or cancelled, and for each notice whether it is paid — when, where, how, the receipt, when the back
// office was told —, the attempts left unfinished, the payments held as over-payments. Pure: built
// from what the position's detail page reads (positions/detail.db.ts).
import { formatEuro } from '../../../shared/money.ts';
import { paymentMethodLabel } from '../../receipts/payment-methods.ts';
import { channelLabel } from '../../receipts/receipt-texts.ts';
import { fill, positionUrl } from '../position-forms/render.ts';
import type { FoundDetail, TimelineSources } from '../positions/detail.db.ts';
import { calendarDate } from '../positions/format.ts';
import { whoIs } from '../positions/timeline.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts, Language } from '../texts.ts';

export interface NoticeStory {
  nav: string;
  paid: boolean;
  lines: string[];
  receipts: { id: string; label: string }[];
  overpayments: { href: string; text: string }[];
}

export interface PositionStory {
  iupd: string;
  href: string;
  linkLabel: string;
  heading: string;
  lines: string[];
  notices: NoticeStory[];
}

const LOCALE: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };
const day = (at: Date, lang: Language) =>
  new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: 'Europe/Rome',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
const time = (at: Date, lang: Language) =>
  new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: 'Europe/Rome',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
const word = (t: ConsoleTexts, key: string, fallback: string) =>
  (t as unknown as Record<string, string | undefined>)[key] ?? fallback;

export function positionStory(
  fiscalCode: string,
  detail: FoundDetail,
  s: TimelineSources,
  t: ConsoleTexts,
  lang: Language,
): PositionStory {
  const { position, options } = detail;
  const euro = (cents: unknown) => formatEuro(Number(cents), lang);
  const debtor = options[0]?.debtor;
  const lines = [
    fill(t.hd_position, {
      description: options[0]?.description ?? position.iupd,
      iupd: position.iupd,
      name: debtor?.fullName ?? '',
      status: word(t, `positions_status_${position.status}`, position.status).toLowerCase(),
    }),
  ];
  if (position.published_at) lines.push(fill(t.hd_published, { day: day(position.published_at, lang) }));
  const invalidated = s.audit.find((a) => a.action === 'position.invalidate');
  if (invalidated) {
    lines.push(fill(t.hd_invalidated, { day: day(invalidated.at, lang), who: whoIs(invalidated.actor, t, s.names) }));
  }
  const heldReceipts = new Set(s.overpayments.map((o) => o.receipt_ref));
  const notices = detail.installments.map((i): NoticeStory => {
    const story: string[] = [
      fill(t.hd_notice, {
        nav: i.nav,
        amount: euro(i.amount_cents),
        due: calendarDate(String(i.due_date), lang),
        status: word(t, `hd_inst_${i.status}`, i.status),
      }),
    ];
    const receipts = s.receipts
      .filter((r) => r.nav === i.nav && !heldReceipts.has(r.id))
      .sort((a, b) => a.paid_at.getTime() - b.paid_at.getTime());
    for (const r of receipts) {
      const paidAt = r.paid_at;
      if (r.source === 'paids') {
        story.push(
          fill(t.hd_paidOther, { day: day(paidAt, lang), channel: channelLabel(r.channel)[lang], id: r.receipt_id }),
        );
      } else {
        story.push(
          fill(t.hd_paidPagoPa, {
            day: day(paidAt, lang),
            time: time(paidAt, lang),
            psp: r.psp_company ?? t.hd_aPsp,
            method: r.payment_method ? fill(t.hd_method, { method: paymentMethodLabel(r.payment_method)[lang] }) : '',
            id: r.receipt_id,
          }),
        );
      }
    }
    // The back office's notification of the payment (the installment.paid event of this notice).
    const paidEvents = new Set(
      s.events.filter((e) => e.type === 'installment.paid' && e.data.nav === i.nav).map((e) => e.id),
    );
    const deliveries = s.deliveries.filter((d) => paidEvents.has(d.event_id));
    const delivered = deliveries
      .filter((d) => d.delivered_at)
      .sort((a, b) => a.delivered_at!.getTime() - b.delivered_at!.getTime())[0];
    if (delivered) {
      story.push(
        fill(t.hd_told, { day: day(delivered.delivered_at!, lang), time: time(delivered.delivered_at!, lang) }),
      );
    } else if (deliveries.some((d) => d.status === 'FAILED')) {
      const failed = deliveries.find((d) => d.status === 'FAILED')!;
      story.push(fill(t.hd_toldFailed, { attempts: failed.attempts }));
    } else if (deliveries.length > 0) story.push(t.hd_toldPending);
    const unfinished = s.attempts
      .filter((a) => a.nav === i.nav && a.status !== 'SUCCEEDED')
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
    if (unfinished.length > 0) {
      const last = unfinished[0]!;
      story.push(
        fill(t.hd_attempts, {
          n: unfinished.length,
          day: day(last.created_at, lang),
          time: time(last.created_at, lang),
          status: word(t, `positions_attempt_${last.status}`, last.status),
        }),
      );
    }
    const overpayments = s.overpayments
      .filter((o) => o.nav === i.nav)
      .map((o) => ({
        href: `${entityRoot(fiscalCode)}/eccedenze/${o.id}`,
        text: fill(t.hd_overpayment, {
          amount: euro(o.amount_cents),
          day: day(o.created_at, lang),
          reason: word(t, `positions_reason_${o.reason}`, o.reason),
          status: word(t, `positions_op_${o.status}`, o.status),
        }),
      }));
    return {
      nav: i.nav,
      paid: i.status !== 'UNPAID',
      lines: story,
      receipts: receipts.map((r) => ({ id: r.id, label: fill(t.hd_sendReceipt, { id: r.receipt_id }) })),
      overpayments,
    };
  });
  return {
    iupd: position.iupd,
    href: positionUrl(fiscalCode, position.iupd),
    linkLabel: fill(t.hd_openPosition, { iupd: position.iupd }),
    heading: options[0]?.description ?? position.iupd,
    lines,
    notices,
  };
}
