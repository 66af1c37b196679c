// The citizen's due-date calendar (scadenziere): the due dates of their open instalments at an
// entity as a list and as a month grid. This file also registers the rest of the calendar: its
// iCalendar answers and feed address (calendar-feed.http.ts) and the reminder preferences
// (reminders.http.ts). See docs/adr/0018-calendar-feed.md.

import type { FastifyInstance } from 'fastify';
import { acceptForms } from '../../http/forms.ts';
import type { Clock } from '../../shared/clock.ts';
import { formatItalianDate, todayInRome } from '../../shared/dates.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { formatEuro } from '../../shared/money.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import {
  type DueDate,
  groupDueDates,
  type Month,
  monthGrid,
  monthOf,
  parseMonth,
  shiftMonth,
} from '../calendar/calendar.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import type { SessionsService } from '../identity/sessions.service.ts';
import { STATEMENT_TEXTS, type StatementLanguage } from '../statements/statement-texts.ts';
import { registerCalendarFeedRoutes } from './calendar-feed.http.ts';
import { type CitizenGate, citizenGate } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import type { ProfilesService } from './profile/profile.service.ts';
import { registerReminderRoutes } from './reminders.http.ts';
import type { TextKey } from './texts.ts';
import { page } from './web.ts';

export interface CalendarDeps {
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  sessions: Pick<SessionsService, 'resolve'>;
  calendar: CalendarService;
  /** E-mail and SMS reminders go to the contacts the citizen confirmed in their profile. */
  profiles: Pick<ProfilesService, 'confirmedContacts'>;
  clock: Clock;
}

type Params = { fiscalCode: string };

function dueView(d: DueDate, entity: Entity, lang: StatementLanguage) {
  return {
    nav: d.nav,
    navFormatted: formatNoticeNumber(d.nav),
    subject: d.subject,
    instalment: d.installmentCount > 1 ? { n: d.installmentNumber, of: d.installmentCount } : undefined,
    amount: formatEuro(d.amountCents, lang),
    dueDate: formatItalianDate(d.dueDate),
    isoDate: d.dueDate,
    state: STATEMENT_TEXTS[lang].rowStates[d.state],
    href: `/e/${entity.fiscalCode}/posizioni/${encodeURIComponent(d.iupd)}`,
    icsHref: `/e/${entity.fiscalCode}/scadenze/${d.nav}.ics`,
  };
}

function monthName(t: Record<TextKey, string>, month: Month) {
  return `${t.calendarMonths.split(',')[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

export function registerCalendarRoutes(app: FastifyInstance, deps: CalendarDeps, portal: PortalPages) {
  const gate = citizenGate(deps, portal);
  app.register(async (scope) => {
    acceptForms(scope);
    registerCalendarPages(scope, deps, portal, gate);
    registerCalendarFeedRoutes(scope, deps, portal, gate);
    registerReminderRoutes(scope, deps, portal, gate);
  });
}

/** The list of due dates (overdue, upcoming) and, with ?mese=YYYY-MM, the month grid. */
function registerCalendarPages(app: FastifyInstance, deps: CalendarDeps, portal: PortalPages, gate: CitizenGate) {
  app.get<{ Params: Params; Querystring: { mese?: string } }>(
    '/e/:fiscalCode/scadenze',
    { schema: { hide: true } },
    async (request, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const { entity, session } = who;
      const asked = request.query.mese;
      const month = asked === undefined ? undefined : parseMonth(asked);
      if (month === null) return portal.message(request, reply, 404, 'notFound', entity);
      const model = gate.model(request, reply, session, entity);
      const lang = model.lang as StatementLanguage;
      const view = (d: DueDate) => dueView(d, entity, lang);
      const today = todayInRome(deps.clock.now());
      const dates = await deps.calendar.dueDates(entity, session.fiscalCode);
      const base = `/e/${entity.fiscalCode}/scadenze`;
      if (month === undefined) {
        const { overdue, upcoming } = groupDueDates(dates, today);
        return page(request, reply, 'calendar.njk', {
          ...model,
          title: model.t.calendarTitle,
          entity,
          overdue: overdue.map(view),
          upcoming: upcoming.map(view),
          monthHref: `${base}?mese=${monthOf(today)}`,
        });
      }
      const name = monthName(model.t, month);
      // The month before and after, unless outside the months a calendar page exists for.
      const neighbour = (by: number) => {
        const other = parseMonth(shiftMonth(month, by));
        return other ? { href: `${base}?mese=${other}`, name: monthName(model.t, other) } : undefined;
      };
      return page(request, reply, 'calendar-month.njk', {
        ...model,
        title: `${model.t.calendarTitle}: ${name}`,
        entity,
        monthName: name,
        weekdays: model.t.calendarWeekdays.split(',').map((day) => ({ name: day, short: day.slice(0, 3) })),
        weeks: monthGrid(month, dates, today).map((week) =>
          week.map(
            (cell) =>
              cell && {
                day: cell.day,
                today: cell.today,
                label: `${cell.day} ${name}`,
                events: cell.events.map(view),
              },
          ),
        ),
        events: dates.filter((d) => monthOf(d.dueDate) === month).map(view),
        prev: neighbour(-1),
        next: neighbour(1),
        listHref: base,
      });
    },
  );
}
