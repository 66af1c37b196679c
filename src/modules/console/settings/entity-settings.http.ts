// The entity's own settings in the console (issue 12): what the entities service lets an entity
// change — name, sector, information for citizens, CBILL, IBANs, postal account and its printing
// authorisation, the notices' language, payment after the due date — seen by settings:read and
// changed by settings:write with the service's validation (problems at their fields, nothing saved).
// What identifies the entity at pagoPA (fiscal and segregation codes, broker, station) is shown
// read-only: only the installation changes it. The entities service checks the operator's grants and
// writes the audit record naming the operator (only the fields that changed).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../../shared/errors.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import { type Entity, type EntityChanges, NOTICE_LANGUAGES } from '../../entities/entity.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { refusedOperator } from '../position-forms/render.ts';
import type { ConsoleTexts, Language } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { canChange } from './keys.http.ts';
import { renderSettings, settingsUrl } from './render.ts';

export interface EntitySettingsDeps {
  entities: Pick<EntitiesService, 'update'>;
}

const FIELDS = [
  'name',
  'sector',
  'info',
  'cbill',
  'ibans',
  'postalAccount',
  'postalAuthorization',
  'noticeLanguage',
  'payableAfterDue',
] as const;
type Form = Partial<Record<(typeof FIELDS)[number] | '_csrf', string>>;

const formOf = (e: Entity): Form => ({
  name: e.name,
  sector: e.sector ?? '',
  info: e.info ?? '',
  cbill: e.cbill ?? '',
  ibans: e.ibans.join('\n'),
  postalAccount: e.postalAccount ?? '',
  postalAuthorization: e.postalAuthorization ?? '',
  noticeLanguage: e.noticeLanguage,
  payableAfterDue: e.payableAfterDue ? '1' : '',
});

/** The changes a form asks for (an empty optional field clears it). */
const changesOf = (form: Form): EntityChanges => ({
  name: form.name ?? '',
  sector: form.sector?.trim() || null,
  info: form.info?.trim() || null,
  cbill: form.cbill?.trim() || null,
  ibans: (form.ibans ?? '')
    .split(/[\r\n,;]+/)
    .map((line) => line.trim())
    .filter(Boolean),
  postalAccount: form.postalAccount?.trim() || null,
  postalAuthorization: form.postalAuthorization?.trim() || null,
  noticeLanguage: form.noticeLanguage ?? 'it',
  payableAfterDue: form.payableAfterDue === '1',
});

const ITALIAN: [RegExp, string][] = [
  [/^must be 1 to 140 characters$/, 'è obbligatorio, al massimo 140 caratteri.'],
  [/^must be at most (\d+) characters$/, 'è troppo lungo.'],
  [/^must be 5 letters or digits/, 'ha 5 lettere o cifre.'],
  [/^must be the postal current account number/, 'è il numero del conto, fino a 12 cifre.'],
  [/^at least one IBAN is required$/, 'serve almeno un IBAN.'],
  [/^contains the same IBAN twice$/, 'contiene lo stesso IBAN due volte.'],
  [/^needs a postal account/, 'richiede il conto corrente postale.'],
];

/** The service's problems at the form's fields, in the page's language. */
function settingsErrors(problems: FieldProblem[], t: ConsoleTexts, lang: Language): FieldError[] {
  const errors = new Map<string, string>();
  for (const p of problems) {
    const field = p.path.startsWith('ibans')
      ? 'ibans'
      : (FIELDS as readonly string[]).includes(p.path)
        ? p.path
        : 'name';
    if (errors.has(field)) continue;
    const label = (t as Record<string, string>)[`es_${field}Label`]!.replace(/\s*\*$/, '');
    const said = lang === 'it' ? (ITALIAN.find(([re]) => re.test(p.message))?.[1] ?? p.message) : p.message;
    const row = /^ibans\[(\d+)\]$/.exec(p.path);
    errors.set(field, `${label}${row ? ` (${Number(row[1]) + 1})` : ''}: ${said}`);
  }
  const order = (f: string) => (FIELDS as readonly string[]).indexOf(f);
  return [...errors].sort(([a], [b]) => order(a) - order(b)).map(([field, message]) => ({ field, message }));
}

export function registerEntitySettingsRoutes(
  app: FastifyInstance,
  deps: EntitySettingsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const here = (request: FastifyRequest) => settingsUrl(gate.at(request).at.fiscalCode, 'impostazioni');

  function settingsPage(request: FastifyRequest, reply: FastifyReply, form: Form, errors: FieldError[] = []) {
    const { at } = gate.at(request);
    const saved = (request.query as { fatto?: string }).fatto === 'salvate';
    return renderSettings(
      pages,
      request,
      reply,
      'settings/entity.njk',
      (t) => t.es_title,
      {
        entity: at,
        form,
        canWrite: canChange(gate, request),
        action: here(request),
        languages: NOTICE_LANGUAGES,
        saved: saved && errors.length === 0,
      },
      errors,
    );
  }

  app.get<{ Params: { ente: string }; Querystring: { fatto?: string } }>(
    '/console/e/:ente/impostazioni',
    gate.entityRoute('settings', 'read'),
    (request, reply) => settingsPage(request, reply, formOf(gate.at(request).at)),
  );

  app.post<{ Params: { ente: string }; Body: Form }>(
    '/console/e/:ente/impostazioni',
    gate.entityRoute('settings', 'write'),
    async (request, reply) => {
      const form = request.body ?? {};
      if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
      try {
        await deps.entities.update(gate.at(request).at.fiscalCode, changesOf(form), request.actor);
      } catch (error) {
        const refused = refusedOperator(pages, request, reply, error);
        if (refused) return refused;
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
          const { lang, t } = pages.base(request, reply);
          return settingsPage(request, reply, form, settingsErrors(error.problems, t, lang));
        }
        throw error;
      }
      return reply.redirect(`${here(request)}?fatto=salvate`, 303);
    },
  );
}
