// The frame of every portal page: the model every view gets (language, texts, the sandbox banner,
// the entity), and the message pages — not found, error, expired form, too many attempts — which
// are also the app's error pages for browsers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Entity } from '../entities/entity.ts';
import { textsFor } from './texts.ts';
import { languageOf, type PortalKeys, page } from './web.ts';

export type MessageKind = 'notFound' | 'error' | 'expiredForm' | 'tooMany';

export type PortalPages = ReturnType<typeof portalPages>;

export function portalPages(options: { keys: PortalKeys; sandbox: boolean }) {
  function base(request: FastifyRequest, reply: FastifyReply, entity?: Entity) {
    const lang = languageOf(request, reply);
    return {
      lang,
      t: textsFor(lang),
      sandbox: options.sandbox,
      entityName: entity?.name,
      homeHref: entity ? `/e/${entity.fiscalCode}` : '/',
      entityHome: entity ? `/e/${entity.fiscalCode}` : undefined,
    };
  }

  function message(request: FastifyRequest, reply: FastifyReply, status: number, kind: MessageKind, entity?: Entity) {
    const model = base(request, reply, entity);
    const { t } = model;
    const [heading, text] = {
      notFound: [t.notFoundTitle, t.notFoundText],
      error: [t.errorTitle, t.errorText],
      expiredForm: [t.expiredFormTitle, t.expiredFormText],
      tooMany: [t.tooManyTitle, t.tooManyText],
    }[kind];
    return page(request, reply, 'message.njk', { ...model, title: heading, heading, text }, { status });
  }

  return {
    keys: options.keys,
    sandbox: options.sandbox,
    base,
    message,
    /** The app's error pages for browsers (see http/errors.ts). */
    errorPage: (request: FastifyRequest, reply: FastifyReply, status: 404 | 500) =>
      message(request, reply, status, status === 404 ? 'notFound' : 'error'),
  };
}
