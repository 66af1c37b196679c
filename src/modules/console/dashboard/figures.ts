// The dashboard's figures for an entity as a scope sees them: collected today / this month / this
// year by service and by channel against what is due then, the year's tax run, and what needs
// attention. Everything summed by dashboard.db.ts in the database; here only grouped for the page.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import { type IsoDate, todayInRome } from '../../../shared/dates.ts';
import { EVERY_SERVICE } from '../../../shared/principal.ts';
import {
  collected,
  type FailedDelivery,
  failedDeliveries,
  type OpenItem,
  openOverpayments,
  type RunRow,
  type Scope,
  type Sums,
  serviceTitles,
  taxRun,
} from './dashboard.db.ts';
import { PERIODS, type Period, type PeriodKey, periodsAt } from './periods.ts';

export interface ServiceLine {
  /** `service id|category` ('' when not from the catalogue). */
  key: string;
  serviceId: string;
  category: string;
  title: { it: string; en: string } | undefined;
  collected: Sums;
  due: Sums;
}

export interface ChannelLine {
  pagopa: boolean;
  channel: string;
  collected: Sums;
}

export interface DashboardFigures {
  at: Date;
  today: IsoDate;
  periods: Record<PeriodKey, Period>;
  totals: { collected: Sums; due: Sums };
  services: ServiceLine[];
  channels: ChannelLine[];
  run: (RunRow & { title: { it: string; en: string } | undefined })[];
  overpayments: { count: number; cents: number; newest: OpenItem[] };
  /** Failed webhook deliveries: only for a scope of every service (they are not a service's). */
  deliveries: { count: number; newest: FailedDelivery[] } | undefined;
  /** The catalogue's service titles, by id. */
  titles: Map<string, { it: string; en: string }>;
}

const zero = (): Sums => ({ day: { cents: 0, count: 0 }, month: { cents: 0, count: 0 }, year: { cents: 0, count: 0 } });

function add(into: Sums, from: Sums) {
  for (const p of PERIODS) {
    into[p].cents += from[p].cents;
    into[p].count += from[p].count;
  }
}

const byAmount = <T extends { collected: Sums; due?: Sums }>(a: T, b: T) =>
  b.collected.year.cents - a.collected.year.cents || (b.due?.year.cents ?? 0) - (a.due?.year.cents ?? 0);

export async function dashboardFigures(
  db: Kysely<Schema>,
  entityId: string,
  scope: Scope,
  now: Date,
): Promise<DashboardFigures> {
  const periods = periodsAt(now);
  const today = todayInRome(now);
  const [received, run, overpayments, deliveries, titles] = await Promise.all([
    collected(db, entityId, periods, scope),
    taxRun(db, entityId, periods, today, scope),
    openOverpayments(db, entityId, scope),
    scope === EVERY_SERVICE ? failedDeliveries(db, entityId) : undefined,
    serviceTitles(db, entityId),
  ]);
  const services = new Map<string, ServiceLine>();
  const line = (serviceId: string, category: string) => {
    const key = `${serviceId}|${category}`;
    let found = services.get(key);
    if (!found) {
      found = { key, serviceId, category, title: titles.get(serviceId), collected: zero(), due: zero() };
      services.set(key, found);
    }
    return found;
  };
  const channels = new Map<string, ChannelLine>();
  const totals = { collected: zero(), due: zero() };
  for (const row of received) {
    add(line(row.serviceId, row.category).collected, row.sums);
    add(totals.collected, row.sums);
    const key = row.pagopa ? 'pagopa' : `bo|${row.channel}`;
    let channel = channels.get(key);
    if (!channel) {
      channel = { pagopa: row.pagopa, channel: row.channel, collected: zero() };
      channels.set(key, channel);
    }
    add(channel.collected, row.sums);
  }
  for (const row of run as RunRow[]) {
    add(line(row.serviceId, row.category).due, row.due);
    add(totals.due, row.due);
  }
  return {
    at: now,
    today,
    periods,
    totals,
    services: [...services.values()].sort(byAmount),
    channels: [...channels.values()].sort(byAmount),
    run: run
      .map((r) => ({ ...r, title: titles.get(r.serviceId) }))
      .sort((a, b) => b.paid.cents + b.toCome.cents - (a.paid.cents + a.toCome.cents)),
    overpayments,
    deliveries,
    titles,
  };
}
