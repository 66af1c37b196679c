// The due-date calendar's reminder preferences: the form of how many days before each due date,
// and by which channel (e-mail, SMS, to the contacts confirmed in the profile), the citizen is
// reminded. A form with problems comes back as it was sent, with an error summary and status 400.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfValid } from '../../http/web/csrf.ts';
import { contactProblems, parseReminderForm, REMINDER_DAYS, type ReminderPreferences } from '../calendar/calendar.ts';
import type { Entity } from '../entities/entity.ts';
import { citizenActor } from '../identity/citizen-actor.ts';
import type { CitizenSession } from '../identity/sessions.service.ts';
import type { CalendarDeps } from './calendar.http.ts';
import type { CitizenGate } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import type { TextKey } from './texts.ts';
import { page } from './web.ts';

type Params = { fiscalCode: string };

const PROBLEM_TEXT = {
  unknownDay: 'errorReminderUnknownDay',
  unknownChannel: 'errorReminderUnknownChannel',
  channelWithoutDay: 'errorReminderChannelWithoutDay',
  noEmail: 'errorReminderNoEmail',
  noMobile: 'errorReminderNoMobile',
} as const satisfies Record<string, TextKey>;

export function registerReminderRoutes(
  app: FastifyInstance,
  deps: CalendarDeps,
  portal: PortalPages,
  gate: CitizenGate,
) {
  const { keys, message } = portal;
  const html = { hide: true } as const;

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
}
