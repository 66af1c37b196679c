// Creating and editing a debt position by form (issue 12): GET shows the form, POST reads it and asks
// the positions service — the API's rules — showing every problem at its field; nothing is written
// until the service accepts. "Add an instalment" sends the form back with one more row, saving
// nothing. A position the service cannot update (paid, invalidated) or the form cannot show says why.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../../shared/ids.ts';
import type { Catalogue } from '../../catalogue/catalogue.service.ts';
import { type Position, UPDATABLE_STATUSES } from '../../positions/position.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { formErrors } from './form-problems.ts';
import {
  type Accounting,
  accountingOfService,
  accountingOfTransfer,
  type PositionFields,
  positionFields,
  readPositionForm,
  rowCount,
  unformable,
} from './position-form.ts';
import { fill, positionUrl, refusedOperator, renderForm, renderRefused } from './render.ts';

export interface PositionFormDeps {
  positions: Pick<PositionsService, 'problems' | 'create' | 'update' | 'find'>;
  catalogue: Pick<Catalogue, 'list'>;
}

type Params = { ente: string; iupd: string };
type Form = PositionFields & { _csrf?: string; addRow?: string };

/** The iupd of a position made by the form without one: from the form's key, so a second send finds it. */
const formIupd = (formKey: string) => `C-${formKey}`;

export function registerPositionFormRoutes(
  app: FastifyInstance,
  deps: PositionFormDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const write = gate.entityRoute('positions', 'write');

  async function services(request: FastifyRequest) {
    return deps.catalogue.list(gate.at(request).at, { includeRetired: false });
  }

  /** The form's page: the fields as typed (or as stored), the rows, the services, the problems. */
  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    fields: PositionFields,
    o: { position?: Position | undefined; errors?: FieldError[]; extraRow?: boolean },
  ) {
    const { at } = gate.at(request);
    const position = o.position;
    const current = position && accountingOfTransfer(position.options[0]!.installments[0]!.transfers[0]!);
    const list = await services(request);
    const known = current?.serviceId && list.some((s) => s.id === current.serviceId);
    const rows = rowCount(fields, o.extraRow ? 1 : 0);
    const heading = (t: ConsoleTexts) => (position ? fill(t.pf_editTitle, { iupd: position.iupd }) : t.pf_newTitle);
    return renderForm(
      pages,
      request,
      reply,
      'position-forms/form.njk',
      heading,
      {
        action: position
          ? `${positionUrl(at.fiscalCode, position.iupd)}/modifica`
          : `${entityRoot(at.fiscalCode)}/posizioni/nuova`,
        back: position ? positionUrl(at.fiscalCode, position.iupd) : `${entityRoot(at.fiscalCode)}/posizioni`,
        editing: position !== undefined,
        fields: { ...fields, service: fields.service ?? (known ? current!.serviceId : '') },
        formKey: isUuid(fields.formKey ?? '') ? fields.formKey : uuidv7(),
        rows: Array.from({ length: rows }, (_, i) => i + 1),
        services: list.map((s) => ({ id: s.id, title: s.title })),
        keepCategory: position && !known ? current!.category : undefined,
        // An edit of a published position offers to publish it again (a save takes it back to draft).
        publishNow: fields.publish === '1' || (!('_csrf' in fields) && !!position && position.status !== 'DRAFT'),
      },
      o.errors ?? [],
    );
  }

  /** The edit refused before the form: not in an updatable status, or a shape the form cannot show. */
  function notEditable(request: FastifyRequest, reply: FastifyReply, position: Position) {
    const { t } = pages.base(request, reply);
    const back = positionUrl(gate.at(request).at.fiscalCode, position.iupd);
    if (!UPDATABLE_STATUSES.includes(position.status)) {
      const key = `pf_notEditable_${position.status}` as keyof ConsoleTexts;
      return renderRefused(
        pages,
        request,
        reply,
        t[key] ?? fill(t.pf_notPublishable, { status: position.status }),
        back,
      );
    }
    if (unformable(position)) return renderRefused(pages, request, reply, t.pf_notEditableShape, back);
    return undefined;
  }

  /** The accounting the form chose: a service of the catalogue, or (edit, none chosen) the position's. */
  async function accountingOf(
    request: FastifyRequest,
    form: Form,
    position?: Position,
  ): Promise<Accounting | undefined> {
    const chosen = (form.service ?? '').trim();
    if (!chosen) return position && accountingOfTransfer(position.options[0]!.installments[0]!.transfers[0]!);
    const service = (await services(request)).find((s) => s.id === chosen);
    return service && accountingOfService(service);
  }

  /** Reads, checks and saves the form; the form again with every problem, or the position's page. */
  async function submit(
    request: FastifyRequest<{ Params: Params; Body: Form }>,
    reply: FastifyReply,
    position?: Position,
  ) {
    const form = (request.body ?? {}) as Form;
    const { at } = gate.at(request);
    if (form.addRow) return show(request, reply, form, { position, extraRow: true });
    const { t, lang } = pages.base(request, reply);
    const formKey = isUuid(form.formKey ?? '') ? form.formKey! : uuidv7();
    const typedIupd = (form.iupd ?? '').trim();
    const iupd = position?.iupd ?? (typedIupd || formIupd(formKey));
    const accounting = await accountingOf(request, form, position);
    const { body, problems } = readPositionForm(form, {
      entity: at,
      iupd,
      accounting,
      ...(position && { companyName: position.companyName }),
      ...(position?.officeName !== undefined && { officeName: position.officeName }),
    });
    const mode = position ? 'update' : 'create';
    // Transfers are judged only with an accounting to judge (else "choose a service" says it).
    const ruled = deps.positions
      .problems(at, body, mode, position?.iupd)
      .filter((p) => accounting || !/\.transfer/.test(p.path));
    const again = (service: FieldProblem[]) =>
      show(request, reply, { ...form, formKey }, { position, errors: formErrors(problems, service, t, lang) });
    if (problems.length > 0 || ruled.length > 0) return again(ruled);
    const toPublish = form.publish === '1';
    try {
      if (position) await deps.positions.update(at, position.iupd, body, { toPublish }, request.actor);
      else await deps.positions.create(at, body, { toPublish }, request.actor);
    } catch (error) {
      const refused = refusedOperator(pages, request, reply, error);
      if (refused) return refused;
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'VALIDATION_FAILED' || error.code === 'NOTICE_NUMBER_TAKEN') return again(error.problems);
      if (error.code === 'POSITION_EXISTS') {
        // The same form sent twice (its key made the iupd): the first send made it.
        if (!typedIupd) return reply.redirect(`${positionUrl(at.fiscalCode, iupd)}?fatto=creata`, 303);
        return show(
          request,
          reply,
          { ...form, formKey },
          { errors: [{ field: 'iupd', message: `${t.pf_iupdLabel}: ${t.pf_iupdTaken}` }] },
        );
      }
      if (error.code === 'POSITION_NOT_UPDATABLE') {
        const errors = [{ field: 'description', message: `${t.pf_positionLabel}: ${t.pf_changedMeanwhile}` }];
        return show(request, reply, { ...form, formKey }, { position, errors });
      }
      throw error;
    }
    return reply.redirect(`${positionUrl(at.fiscalCode, iupd)}?fatto=${position ? 'modificata' : 'creata'}`, 303);
  }

  app.get<{ Params: Params }>('/console/e/:ente/posizioni/nuova', write, (request, reply) =>
    show(request, reply, {}, {}),
  );

  app.post<{ Params: Params; Body: Form }>('/console/e/:ente/posizioni/nuova', write, async (request, reply) => {
    if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
      return pages.message(request, reply, 400, 'expiredForm');
    }
    return submit(request, reply);
  });

  /** The entity's position named by the URL, or the 404 page. */
  async function positionOf(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const position = await deps.positions.find(gate.at(request).at, request.params.iupd);
    if (!position) await pages.message(request, reply, 404, 'notFound');
    return position;
  }

  app.get<{ Params: Params }>('/console/e/:ente/posizioni/:iupd/modifica', write, async (request, reply) => {
    const position = await positionOf(request, reply);
    if (!position) return reply;
    const { lang } = pages.base(request, reply);
    return notEditable(request, reply, position) ?? show(request, reply, positionFields(position, lang), { position });
  });

  app.post<{ Params: Params; Body: Form }>(
    '/console/e/:ente/posizioni/:iupd/modifica',
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      const position = await positionOf(request, reply);
      if (!position) return reply;
      return notEditable(request, reply, position) ?? submit(request, reply, position);
    },
  );
}
