// How the position forms' and the uploads' pages are rendered: the console's frame model, a heading
// with its values filled in, the error summary's problems and each one at its field (pages.formPage's
// shape, with headings that name the position), and the page that says why an act is not possible.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts } from '../texts.ts';
import { page } from '../web.ts';

export { fill } from '../../../shared/fill.ts';

/** The detail page of a position (another part of the console builds it). */
export const positionUrl = (fiscalCode: string, iupd: string) =>
  `${entityRoot(fiscalCode)}/posizioni/${encodeURIComponent(iupd)}`;

export type Heading = (t: ConsoleTexts) => string;

/** A form's page of the position forms (pages.headedPage); `status` answers its problems. */
export function renderForm(
  pages: ConsolePages,
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  heading: Heading,
  model: Record<string, unknown>,
  errors: FieldError[] = [],
  status = 400,
  /** Where the language switch leads when this page answers a POST (its own address, by default). */
  languagePath?: string,
) {
  return pages.headedPage(request, reply, view, heading, model, errors, {
    status: errors.length ? status : 200,
    languagePath,
  });
}

/** The page saying why an act on a position is not possible (409), with the way back to it. */
export function renderRefused(
  pages: ConsolePages,
  request: FastifyRequest,
  reply: FastifyReply,
  text: string,
  back: string,
  status = 409,
) {
  const m = pages.base(request, reply);
  return page(
    request,
    reply,
    'position-forms/refused.njk',
    { ...m, title: m.t.pf_refusedTitle, heading: m.t.pf_refusedTitle, text, back },
    // The switch leads back to the position: the act's own address may be a POST only.
    { status, languagePath: back },
  );
}

/**
 * The console's page for a service's refusal of the operator (a role limited to some services:
 * FORBIDDEN 403; NOT_FOUND 404), or undefined for any other error (the caller answers it).
 */
export function refusedOperator(pages: ConsolePages, request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (!(error instanceof AppError)) return undefined;
  if (error.code === 'FORBIDDEN') return pages.message(request, reply, 403, 'forbidden');
  if (error.code === 'NOT_FOUND') return pages.message(request, reply, 404, 'notFound');
  return undefined;
}
