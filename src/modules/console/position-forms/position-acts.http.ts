// The acts on one debt position from the console (issue 12): publish it, invalidate it (a page that
// says what that means, and a reason, kept in the audit record), and its notice as a PDF. Each act
// goes through the positions' lifecycle service, which checks the operator's grants and the state and
// writes the audit record naming the operator; then back to the position's page (303).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import type { NoticesService } from '../../notices/notices.service.ts';
import { canTransition } from '../../positions/position.ts';
import type { LifecycleService } from '../../positions/positions.lifecycle.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import type { ConsoleTexts } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { fill, positionUrl, refusedOperator, renderForm, renderRefused } from './render.ts';

export interface PositionActsDeps {
  positions: Pick<PositionsService, 'find'>;
  lifecycle: Pick<LifecycleService, 'publish' | 'invalidate'>;
  notices: Pick<NoticesService, 'pdf'>;
}

type Params = { ente: string; iupd: string };
const REASON_MAX = 500;

export function registerPositionActRoutes(
  app: FastifyInstance,
  deps: PositionActsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const write = gate.entityRoute('positions', 'write');
  const read = gate.entityRoute('positions', 'read');
  const base = '/console/e/:ente/posizioni/:iupd';
  const back = (request: FastifyRequest<{ Params: Params }>) =>
    positionUrl(gate.at(request).at.fiscalCode, request.params.iupd);

  /** The lifecycle's refusals as pages: unknown position 404, a state that does not allow it 409. */
  function refusal(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, error: unknown, status: string) {
    const refused = refusedOperator(pages, request, reply, error);
    if (refused) return refused;
    if (!(error instanceof AppError)) throw error;
    const { t } = pages.base(request, reply);
    const text = {
      POSITION_NOT_PUBLISHABLE: t.pf_notPublishable,
      POSITION_NOT_INVALIDABLE: t.pf_notInvalidable,
      NOTICE_NOT_PRINTABLE: t.pf_notPrintable,
      POSITION_NOT_UPDATABLE: t.pf_changedMeanwhile,
    }[error.code as string];
    if (!text) throw error;
    return renderRefused(pages, request, reply, fill(text, { status }), back(request));
  }

  const statusOf = async (request: FastifyRequest<{ Params: Params }>) =>
    (await deps.positions.find(gate.at(request).at, request.params.iupd))?.status ?? '';

  app.post<{ Params: Params; Body: { _csrf?: string } }>(`${base}/pubblica`, write, async (request, reply) => {
    if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
      return pages.message(request, reply, 400, 'expiredForm');
    }
    try {
      await deps.lifecycle.publish(gate.at(request).at, request.params.iupd, request.actor);
    } catch (error) {
      return refusal(request, reply, error, await statusOf(request));
    }
    return reply.redirect(`${back(request)}?fatto=pubblicata`, 303);
  });

  const invalidateHeading = (iupd: string) => (t: ConsoleTexts) => fill(t.pf_invalidateTitle, { iupd });

  app.get<{ Params: Params }>(`${base}/annulla`, write, async (request, reply) => {
    const position = await deps.positions.find(gate.at(request).at, request.params.iupd);
    if (!position) return pages.message(request, reply, 404, 'notFound');
    if (!canTransition(position.status, 'INVALID')) {
      const { t } = pages.base(request, reply);
      return renderRefused(
        pages,
        request,
        reply,
        fill(t.pf_notInvalidable, { status: position.status }),
        back(request),
      );
    }
    return renderForm(pages, request, reply, 'position-forms/invalidate.njk', invalidateHeading(position.iupd), {
      action: `${back(request)}/annulla`,
      back: back(request),
      reason: '',
    });
  });

  app.post<{ Params: Params; Body: { _csrf?: string; reason?: string } }>(
    `${base}/annulla`,
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      const reason = (request.body?.reason ?? '').trim();
      const { t } = pages.base(request, reply);
      const problem = !reason ? t.pf_required : reason.length > REASON_MAX ? t.pf_reasonTooLong : undefined;
      if (problem) {
        const label = t.pf_reasonLabel.replace(/\s*\*$/, '');
        const model = { action: `${back(request)}/annulla`, back: back(request), reason };
        const errors = [{ field: 'reason', message: `${label}: ${problem}` }];
        const heading = invalidateHeading(request.params.iupd);
        return renderForm(pages, request, reply, 'position-forms/invalidate.njk', heading, model, errors);
      }
      try {
        await deps.lifecycle.invalidate(gate.at(request).at, request.params.iupd, request.actor, reason);
      } catch (error) {
        return refusal(request, reply, error, await statusOf(request));
      }
      return reply.redirect(`${back(request)}?fatto=annullata`, 303);
    },
  );

  app.get<{ Params: Params; Querystring: { nav?: string } }>(`${base}/avviso.pdf`, read, async (request, reply) => {
    try {
      const nav = typeof request.query.nav === 'string' && request.query.nav ? request.query.nav : undefined;
      const { stream, fileName } = await deps.notices.pdf(gate.at(request).at, request.params.iupd, { nav });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(stream);
    } catch (error) {
      return refusal(request, reply, error, await statusOf(request));
    }
  });
}
