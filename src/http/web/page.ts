// Renders an area's page in the shared frame (views/frame.njk) with the page security headers: a
// fresh nonce, the area's texts in the page's language, the banner for plain HTTP on the network,
// and where the language switch leads (the same page, keeping its other parameters).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newNonce, pageSecurityHeaders } from './csp.ts';
import { plainHttpOnNetwork } from './transport.ts';
import type { Views } from './views.ts';

/** The words the frame and its shared partials (the error summary) show: every area's texts have them. */
export type FrameTexts = Record<
  'siteName' | 'errorSummaryTitle' | 'skipToContent' | 'footer' | 'sandboxBanner' | 'insecureTitle' | 'insecureText',
  string
>;

export interface PageOptions {
  status?: number;
  /** Whether caches may keep the page for five minutes (only pages the same for everyone); no by default. */
  noStore?: boolean;
  /** Where the language switch leads, when not this page again (a sign-in callback works once). */
  languagePath?: string;
}

export type RenderPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  model: Record<string, unknown>,
  options?: PageOptions,
) => FastifyReply;

/** A link of the header's language switch: the language's code, its name and a label, in that language. */
export interface LanguageLink {
  code: string;
  name: string;
  label: string;
}

/**
 * The page renderer of an area: its views, its texts per language (`model.lang`, else the default)
 * and the languages its switch offers on a page (never the page's own).
 */
export function pageRenderer<L extends string>(area: {
  views: Views;
  texts: (lang: L) => FrameTexts;
  defaultLanguage: L;
  languageLinks: (lang: L, model: Record<string, unknown>) => readonly LanguageLink[];
}): RenderPage {
  return (request, reply, view, model, options = {}) => {
    const nonce = newNonce();
    const lang = (model.lang as L | undefined) ?? area.defaultLanguage;
    const [here, query = ''] = request.url.split('?') as [string, string?];
    const path = options.languagePath ?? here;
    // The language switch keeps the page's other parameters (a month of the calendar, a filter).
    const kept = new URLSearchParams(options.languagePath ? '' : query);
    kept.delete('lang');
    const rest = kept.toString();
    const html = area.views.render(view, {
      ...model,
      t: area.texts(lang),
      lang,
      nonce,
      path,
      insecureConnection: plainHttpOnNetwork(request),
      languageLinks: area.languageLinks(lang, model),
      langQuery: rest ? `${rest}&` : '',
    });
    return pageSecurityHeaders(reply.status(options.status ?? 200), nonce)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', options.noStore === false ? 'public, max-age=300' : 'no-store')
      .send(html);
  };
}
