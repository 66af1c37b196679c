// How the settings pages are rendered: the console's frame model with a heading, the error summary and
// each problem at its field (pages.formPage's shape, with headings that name the object), the page
// saying why an act is not possible, and the settings' dates.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsolePages, FieldError } from '../pages.ts';
import { romeTime } from '../positions/format.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts, Language } from '../texts.ts';

export { fill } from '../../../shared/fill.ts';

/** A settings page of the entity: `/console/e/<cf>/<path>`. */
export const settingsUrl = (fiscalCode: string, path: string) => `${entityRoot(fiscalCode)}/${path}`;

/** An instant in Rome time, or '' for none. */
export const when = (at: Date | null | undefined, lang: Language) => (at ? romeTime(at, lang) : '');

/** A settings page (pages.headedPage): a heading naming the object, a form's problems. */
export function renderSettings(
  pages: ConsolePages,
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  heading: (t: ConsoleTexts) => string,
  model: Record<string, unknown>,
  errors: FieldError[] = [],
  options: { status?: number; languagePath?: string } = {},
) {
  return pages.headedPage(request, reply, view, heading, model, errors, options);
}

/** The page saying why an act is not possible (409), with the way back. */
export function renderRefused(
  pages: ConsolePages,
  request: FastifyRequest,
  reply: FastifyReply,
  text: string,
  back: string,
  backLabel: string,
) {
  return renderSettings(
    pages,
    request,
    reply,
    'settings/refused.njk',
    (t) => t.st_refusedTitle,
    { text, back, backLabel },
    [],
    {
      status: 409,
      languagePath: back,
    },
  );
}
