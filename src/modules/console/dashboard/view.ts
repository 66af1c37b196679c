// The dashboard's figures as the page shows them (views/dashboard/figures.njk): amounts written in the
// page's language (each cell also carries its cents in data-cents), the charts' geometry and the
// attention items with their links. The same model serves the page and each live update.
import { formatEuro } from '../../../shared/money.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts, Language } from '../texts.ts';
import { barChart, stackedChart } from './charts.ts';
import type { DashboardFigures, ServiceLine } from './figures.ts';
import { PERIODS } from './periods.ts';

const percent = (part: number, whole: number, lang: Language) =>
  new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(
    whole > 0 ? part / whole : 0,
  );

const dateTime = (at: Date, lang: Language) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
    timeZone: 'Europe/Rome',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);

export const timeOfDay = (at: Date, lang: Language) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
    timeZone: 'Europe/Rome',
    timeStyle: 'medium',
  }).format(at);

export interface ViewOptions {
  lang: Language;
  t: ConsoleTexts;
  fiscalCode: string;
  /** Whether the operator may open the webhooks page (settings:read). */
  webhooksLink: boolean;
}

export function dashboardView(f: DashboardFigures, o: ViewOptions) {
  const { lang, t } = o;
  const euro = (cents: number) => ({ cents, text: formatEuro(cents, lang) });
  const serviceLabel = (s: Pick<ServiceLine, 'serviceId' | 'title'>) =>
    s.title?.[lang] ?? (s.serviceId ? t.dashboard_unknownService.replace('{id}', s.serviceId) : t.dashboard_noService);
  const category = (c: string) => c || t.dashboard_noCategory;
  const channelLabel = (c: { pagopa: boolean; channel: string }) =>
    c.pagopa ? t.dashboard_channelPagopa : t.dashboard_channelBackOffice.replace('{channel}', c.channel);
  const year = f.periods.year.first.slice(0, 4);
  const root = entityRoot(o.fiscalCode);

  const services = f.services.map((s) => ({
    label: serviceLabel(s),
    category: category(s.category),
    cells: PERIODS.map((p) => ({ collected: euro(s.collected[p].cents), due: euro(s.due[p].cents) })),
  }));
  const channels = f.channels.map((c) => ({
    label: channelLabel(c),
    cells: PERIODS.map((p) => ({ collected: euro(c.collected[p].cents), count: c.collected[p].count })),
  }));
  const run = f.run.map((r) => {
    const total = r.paid.cents + r.toCome.cents + r.overdue.cents + r.closed.cents;
    return {
      label: serviceLabel(r),
      category: category(r.category),
      positions: r.positions,
      paid: { ...euro(r.paid.cents), count: r.paid.count },
      toCome: { ...euro(r.toCome.cents), count: r.toCome.count },
      overdue: { ...euro(r.overdue.cents), count: r.overdue.count },
      closed: { ...euro(r.closed.cents), count: r.closed.count },
      total: euro(total),
      share: t.dashboard_paidShare.replace('{percent}', percent(r.paid.cents, total, lang)),
      parts: [r.paid.cents, r.toCome.cents, r.overdue.cents, r.closed.cents],
    };
  });

  return {
    asOf: t.dashboard_intro.replace('{when}', dateTime(f.at, lang)),
    updated: t.dashboard_updated.replace('{time}', timeOfDay(f.at, lang)),
    periods: PERIODS.map((p) => ({
      key: p,
      label: t[`dashboard_period_${p}`],
      collected: { ...euro(f.totals.collected[p].cents), count: f.totals.collected[p].count },
      due: { ...euro(f.totals.due[p].cents), count: f.totals.due[p].count },
    })),
    services,
    serviceChart: barChart(
      'chart-services',
      t.dashboard_byServiceChart,
      services.map((s) => `${s.label}: ${s.cells[2]!.collected.text}`).join('; ') || t.dashboard_nothing,
      services.map((s) => ({ label: s.label, value: s.cells[2]!.collected.cents, text: s.cells[2]!.collected.text })),
    ),
    channels,
    channelChart: barChart(
      'chart-channels',
      t.dashboard_byChannelChart,
      channels.map((c) => `${c.label}: ${c.cells[2]!.collected.text}`).join('; ') || t.dashboard_nothing,
      channels.map((c) => ({ label: c.label, value: c.cells[2]!.collected.cents, text: c.cells[2]!.collected.text })),
    ),
    runTitle: t.dashboard_runTitle.replace('{year}', year),
    runIntro: t.dashboard_runIntro.replace('{year}', year),
    run,
    runChart: stackedChart(
      'chart-run',
      t.dashboard_runChart,
      run.map((r) => `${r.label}: ${r.share} (${r.paid.text} / ${r.total.text})`).join('; ') || t.dashboard_nothing,
      [t.dashboard_paid, t.dashboard_toCome, t.dashboard_overdue, t.dashboard_closed],
      run.map((r) => ({ label: r.label, parts: r.parts, text: r.share })),
    ),
    overpayments: {
      count: f.overpayments.count,
      text: f.overpayments.count
        ? t.dashboard_overpaymentsOpen
            .replace('{count}', String(f.overpayments.count))
            .replace('{amount}', formatEuro(f.overpayments.cents, lang))
        : t.dashboard_overpaymentsNone,
      href: `${root}/eccedenze`,
      newest: f.overpayments.newest.map((i) => ({
        nav: i.nav,
        reason: t[`dashboard_reason_${i.reason}` as keyof ConsoleTexts] ?? i.reason,
        amount: euro(i.amountCents),
        when: dateTime(i.createdAt, lang),
      })),
    },
    deliveries: f.deliveries && {
      count: f.deliveries.count,
      text: f.deliveries.count
        ? t.dashboard_deliveriesFailed.replace('{count}', String(f.deliveries.count))
        : t.dashboard_deliveriesNone,
      href: o.webhooksLink ? `${root}/webhook` : undefined,
      newest: f.deliveries.newest.map((d) => ({
        event: d.eventType,
        attempts: d.attempts,
        answer: d.lastStatus === null ? t.dashboard_noAnswer : String(d.lastStatus),
        when: d.lastAttemptAt ? dateTime(d.lastAttemptAt, lang) : '',
      })),
    },
  };
}

export type DashboardView = ReturnType<typeof dashboardView>;
