// Sending a receipt or a notice again by e-mail (POST /console/e/:ente/assistenza/invio, messages:write;
// kind=notice|receipt, nav= or receiptId=, back=): to the citizen's confirmed address only (the
// profile's documentSender). The page says what happened — sent to a masked address, or why nothing
// was sent — and leads back to `back` (a page of this entity's console, else the help desk).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { fill, refusedOperator } from '../position-forms/render.ts';
import { entityRoot } from '../sections.ts';
import { consoleCsrfValid, page } from '../web.ts';

export type HelpdeskDeps = Pick<Services, 'database' | 'documents'>;

type Form = { _csrf?: string; kind?: string; nav?: string; receiptId?: string; back?: string };

/** `back` when it is a page of this entity's console, else the help desk. */
export function backOf(fiscalCode: string, back: string | undefined): string {
  const root = entityRoot(fiscalCode);
  const text = (back ?? '').trim();
  return text.startsWith(`${root}/`) && !/[\\\s]|\/\/|\/\.\.?\//.test(text) && text.length <= 600
    ? text
    : `${root}/assistenza`;
}

export function registerSendRoute(app: FastifyInstance, deps: HelpdeskDeps, pages: ConsolePages, gate: ConsoleGate) {
  app.post<{ Body: Form }>(
    '/console/e/:ente/assistenza/invio',
    gate.entityRoute('messages', 'write'),
    async (request, reply) => {
      const form = request.body ?? {};
      if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
      const { at } = gate.at(request);
      const back = backOf(at.fiscalCode, form.back);
      const m = pages.base(request, reply);
      const { t } = m;
      const answer = (status: number, text: string, ok = false) =>
        page(
          request,
          reply,
          'helpdesk/sent.njk',
          { ...m, title: t.hd_sentTitle, heading: t.hd_sentTitle, text, ok, back },
          { status, languagePath: back },
        );
      const kind = form.kind === 'notice' || form.kind === 'receipt' ? form.kind : undefined;
      const key = (kind === 'notice' ? form.nav : form.receiptId)?.trim();
      if (!kind || !key || key.length > 64) return pages.message(request, reply, 400, 'badRequest');
      try {
        const outcome = await deps.documents.send(
          at,
          kind === 'notice' ? { kind, nav: key } : { kind, receiptId: key },
          request.actor,
        );
        if (outcome.sent) return answer(200, fill(t.hd_sent, { to: outcome.to }), true);
        return answer(409, outcome.why === 'no-address' ? t.hd_noAddress : t.hd_noMailer);
      } catch (error) {
        const refused = refusedOperator(pages, request, reply, error);
        if (refused) return refused;
        if (error instanceof AppError && error.code === 'NOTICE_NOT_PRINTABLE') return answer(409, t.hd_notSendable);
        if (error instanceof AppError && error.code === 'RECEIPT_AMBIGUOUS') return answer(409, t.hd_ambiguous);
        if (error instanceof AppError) throw error;
        request.log.warn({ err: error }, 'help desk: the e-mail was not sent');
        return answer(503, t.hd_sendFailed);
      }
    },
  );
}
