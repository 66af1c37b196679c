// The citizen's due-date calendar (scadenziere): the due dates of their open instalments at an
// entity as a list and as a month grid, a single-event .ics per instalment, the private iCalendar
// feed of every entity's due dates (made, replaced and revoked by forms; read by its secret
// address), and the reminder preferences. See docs/adr/0018-calendar-feed.md.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../../http/downloads.ts';
import { acceptForms } from '../../http/forms.ts';
import type { Clock } from '../../shared/clock.ts';
import { formatItalianDate, todayInRome } from '../../shared/dates.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { formatEuroIt } from '../../shared/money.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import {
  contactProblems,
  type DueDate,
  groupDueDates,
  type Month,
  monthGrid,
  monthOf,
  parseMonth,
  parseReminderForm,
  REMINDER_DAYS,
  type ReminderPreferences,
  shiftMonth,
} from '../calendar/calendar.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import type { CitizenSession, SessionsService } from '../identity/sessions.service.ts';
import { STATEMENT_TEXTS, type StatementLanguage } from '../statements/statement-texts.ts';
import { citizenActor, citizenGate } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import type { ProfilesService } from './profile/profile.service.ts';
import type { TextKey } from './texts.ts';
import { csrfValid, page } from './web.ts';

export interface CalendarDeps {
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  sessions: Pick<SessionsService, 'resolve'>;
  calendar: CalendarService;
  /** E-mail and SMS reminders go to the contacts the citizen confirmed in their profile. */
  profiles: Pick<ProfilesService, 'confirmedContacts'>;
  clock: Clock;
}

type Params = { fiscalCode: string };

const PROBLEM_TEXT = {
  unknownDay: 'errorReminderUnknownDay',
  unknownChannel: 'errorReminderUnknownChannel',
  channelWithoutDay: 'errorReminderChannelWithoutDay',
  noEmail: 'errorReminderNoEmail',
  noMobile: 'errorReminderNoMobile',
} as const satisfies Record<string, TextKey>;

/** iCalendar answers: personal data behind a secret, so no cache keeps a copy (and revoking is at once). */
function sendCalendar(reply: FastifyReply, body: string, fileName?: string) {
  reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
  return sendDownload(reply, { contentType: 'text/calendar; charset=utf-8', fileName, body });
}

export function registerCalendarRoutes(app: FastifyInstance, deps: CalendarDeps, portal: PortalPages) {
  const { keys, message } = portal;
  const gate = citizenGate(deps, portal);

  app.register(async (scope) => {
    acceptForms(scope);
    routes(scope);
  });

  function dueView(d: DueDate, entity: Entity, lang: StatementLanguage) {
    return {
      nav: d.nav,
      navFormatted: formatNoticeNumber(d.nav),
      subject: d.subject,
      instalment: d.installmentCount > 1 ? { n: d.installmentNumber, of: d.installmentCount } : undefined,
      amount: formatEuroIt(d.amountCents),
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

  function feedPage(
    request: FastifyRequest,
    reply: FastifyReply,
    entity: Entity,
    session: CitizenSession,
    shown: { url?: string; revoked?: boolean; exists?: Date; errors?: { field: string; message: string }[] },
  ) {
    const model = gate.model(request, reply, session, entity);
    return page(
      request,
      reply,
      'calendar-feed.njk',
      {
        ...model,
        title: shown.errors ? `${model.t.errorSummaryTitle}: ${model.t.feedTitle}` : model.t.feedTitle,
        entity,
        url: shown.url,
        webcal: shown.url?.replace(/^https?:/, 'webcal:'),
        revoked: shown.revoked,
        exists: shown.exists && formatItalianDate(todayInRome(shown.exists)),
        errors: shown.errors,
      },
      { status: shown.errors ? 400 : 200 },
    );
  }

  function remindersPage(
    request: FastifyRequest,
    reply: FastifyReply,
    entity: Entity,
    session: CitizenSession,
    shown: {
      preferences: ReminderPreferences;
      contacts: { email: string | undefined; mobile: string | undefined };
      saved?: boolean;
      errors?: { field: string; message: string }[];
    },
  ) {
    const model = gate.model(request, reply, session, entity);
    const { preferences, contacts } = shown;
    return page(
      request,
      reply,
      'reminders.njk',
      {
        ...model,
        title: shown.errors ? `${model.t.errorSummaryTitle}: ${model.t.remindersTitle}` : model.t.remindersTitle,
        entity,
        days: REMINDER_DAYS.map((d) => ({
          value: d,
          label: d === 1 ? model.t.remindersDay : `${d} ${model.t.remindersDays}`,
          checked: preferences.daysBefore.includes(d),
        })),
        byEmail: preferences.byEmail,
        bySms: preferences.bySms,
        contacts,
        saved: shown.saved,
        errors: shown.errors,
        daysError: shown.errors?.find((e) => e.field.startsWith('giorni'))?.message,
        channelsError: shown.errors
          ?.filter((e) => e.field === 'email' || e.field === 'sms')
          .map((e) => e.message)
          .join('. '),
      },
      { status: shown.errors ? 400 : 200 },
    );
  }

  function routes(app: FastifyInstance) {
    const html = { hide: true } as const;

    app.get<{ Params: Params; Querystring: { mese?: string } }>(
      '/e/:fiscalCode/scadenze',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        const asked = request.query.mese;
        const month = asked === undefined ? undefined : parseMonth(asked);
        if (month === null) return message(request, reply, 404, 'notFound', entity);
        const model = gate.model(request, reply, session, entity);
        const lang = model.lang as StatementLanguage;
        const today = todayInRome(deps.clock.now());
        const dates = await deps.calendar.dueDates(entity, session.fiscalCode);
        const base = `/e/${entity.fiscalCode}/scadenze`;
        if (month === undefined) {
          const { overdue, upcoming } = groupDueDates(dates, today);
          return page(request, reply, 'calendar.njk', {
            ...model,
            title: model.t.calendarTitle,
            entity,
            overdue: overdue.map((d) => dueView(d, entity, lang)),
            upcoming: upcoming.map((d) => dueView(d, entity, lang)),
            monthHref: `${base}?mese=${monthOf(today)}`,
          });
        }
        const weekdays = model.t.calendarWeekdays.split(',');
        return page(request, reply, 'calendar-month.njk', {
          ...model,
          title: `${model.t.calendarTitle}: ${monthName(model.t, month)}`,
          entity,
          monthName: monthName(model.t, month),
          weekdays: weekdays.map((name) => ({ name, short: name.slice(0, 3) })),
          weeks: monthGrid(month, dates, today).map((week) =>
            week.map(
              (cell) =>
                cell && {
                  day: cell.day,
                  today: cell.today,
                  label: `${cell.day} ${monthName(model.t, month)}`,
                  events: cell.events.map((d) => dueView(d, entity, lang)),
                },
            ),
          ),
          events: dates.filter((d) => monthOf(d.dueDate) === month).map((d) => dueView(d, entity, lang)),
          prev: { href: `${base}?mese=${shiftMonth(month, -1)}`, name: monthName(model.t, shiftMonth(month, -1)) },
          next: { href: `${base}?mese=${shiftMonth(month, 1)}`, name: monthName(model.t, shiftMonth(month, 1)) },
          hasPrev: parseMonth(shiftMonth(month, -1)) !== null,
          hasNext: parseMonth(shiftMonth(month, 1)) !== null,
          listHref: base,
        });
      },
    );

    app.get<{ Params: Params & { nav: string } }>(
      '/e/:fiscalCode/scadenze/:nav.ics',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        const nav = request.params.nav;
        const lang = portal.base(request, reply, entity).lang;
        // Not an open due date of the citizen: the same 404 as a notice that does not exist.
        const ics = /^\d{18}$/.test(nav)
          ? await deps.calendar.eventCalendar(entity, session.fiscalCode, nav, lang)
          : undefined;
        if (!ics) return message(request, reply, 404, 'notFound', entity);
        return sendCalendar(reply, ics, `scadenza-${nav}.ics`);
      },
    );

    app.get<{ Params: Params; Querystring: { esito?: string } }>(
      '/e/:fiscalCode/scadenze/calendario',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const feed = await deps.calendar.feed(who.session.fiscalCode);
        return feedPage(request, reply, who.entity, who.session, {
          exists: feed?.createdAt,
          revoked: request.query.esito === 'revocato' && !feed,
        });
      },
    );

    app.post<{ Params: Params; Body: { azione?: string; _csrf?: string } }>(
      '/e/:fiscalCode/scadenze/calendario',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
        const actor = citizenActor(request, session);
        const action = request.body?.azione;
        if (action === 'nuovo') {
          const lang = portal.base(request, reply, entity).lang;
          const { url } = await deps.calendar.newFeed(session.fiscalCode, lang, actor);
          // Shown in this answer only: the address is not kept, so it cannot be shown again.
          return feedPage(request, reply, entity, session, { url, exists: deps.clock.now() });
        }
        if (action === 'revoca') {
          await deps.calendar.revokeFeed(session.fiscalCode, actor);
          return reply.redirect(`/e/${entity.fiscalCode}/scadenze/calendario?esito=revocato`, 303);
        }
        const feed = await deps.calendar.feed(session.fiscalCode);
        const t = portal.base(request, reply, entity).t;
        return feedPage(request, reply, entity, session, {
          exists: feed?.createdAt,
          errors: [{ field: 'feed-create', message: t.feedUnknownAction }],
        });
      },
    );

    app.get<{ Params: Params; Querystring: { esito?: string } }>(
      '/e/:fiscalCode/scadenze/promemoria',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const preferences = await deps.calendar.reminders(who.session.fiscalCode);
        return remindersPage(request, reply, who.entity, who.session, {
          preferences,
          contacts: await deps.profiles.confirmedContacts(who.session.fiscalCode),
          saved: request.query.esito === 'salvato',
        });
      },
    );

    app.post<{ Params: Params; Body: Record<string, string | undefined> }>(
      '/e/:fiscalCode/scadenze/promemoria',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        const { _csrf, ...fields } = request.body ?? {};
        if (!csrfValid(request, keys, _csrf)) return message(request, reply, 400, 'expiredForm', entity);
        const parsed = parseReminderForm(fields);
        const contacts = await deps.profiles.confirmedContacts(session.fiscalCode);
        const problems = parsed.ok ? contactProblems(parsed.value, contacts) : parsed.problems;
        if (!parsed.ok || problems.length > 0) {
          const t = portal.base(request, reply, entity).t;
          const ticked = (name: string) => fields[name] !== undefined;
          return remindersPage(request, reply, entity, session, {
            // The form comes back as it was sent, with the problems.
            preferences: {
              daysBefore: REMINDER_DAYS.filter((d) => ticked(`giorni-${d}`)),
              byEmail: ticked('email'),
              bySms: ticked('sms'),
            },
            contacts,
            errors: problems.map((p) => ({ field: p.field, message: t[PROBLEM_TEXT[p.problem]] })),
          });
        }
        await deps.calendar.setReminders(session.fiscalCode, parsed.value, citizenActor(request, session));
        return reply.redirect(`/e/${entity.fiscalCode}/scadenze/promemoria?esito=salvato`, 303);
      },
    );

    // The feed: no session (calendar apps have none), only the secret of its address.
    app.get<{ Params: { feedToken: string } }>(
      '/calendario/:feedToken.ics',
      { schema: html },
      async (request, reply) => {
        const ics = await deps.calendar.feedCalendar(request.params.feedToken);
        if (!ics) return message(request, reply, 404, 'notFound');
        return sendCalendar(reply, ics);
      },
    );
  }
}
