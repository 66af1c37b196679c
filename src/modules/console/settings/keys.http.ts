// The entity's API keys in the console (issue 12): the list (name, grants, created, revoked), a new
// key with the grants chosen area by area — a sensitive act: its form needs a recent proof of
// identity, and so does its POST (else to /console/conferma and back) —, the key shown once on the
// answer (never stored in clear, never shown again), and revoking one after a confirmation. The API
// keys service checks the operator's grants and writes the audit records naming the operator.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../shared/clock.ts';
import { AppError } from '../../../shared/errors.ts';
import { API_KEY_AREAS, type Area, reachesArea } from '../../../shared/principal.ts';
import type { ApiKeysService } from '../../entities/api-keys.ts';
import { requireFresh } from '../../operators/operator-sessions.ts';
import { type ConsoleGate, confirmThenBack } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { refusedOperator } from '../position-forms/render.ts';
import type { ConsoleTexts } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { fill, renderRefused, renderSettings, settingsUrl, when } from './render.ts';

export interface KeysDeps {
  apiKeys: Pick<ApiKeysService, 'list' | 'create' | 'revokeOfEntity'>;
  clock: Clock;
}

type Params = { ente: string };
type KeyParams = Params & { keyId: string };
type KeyForm = { _csrf?: string; name?: string } & Record<string, string | undefined>;

const NAME_MAX = 100;
const ACCESSES = ['', 'read', 'write'] as const;

/** The grants a form asks for, area by area (`grant_<area>` = '' | read | write). */
export const chosenGrants = (form: KeyForm) =>
  API_KEY_AREAS.flatMap((area) => {
    const access = form[`grant_${area}`];
    return access === 'read' || access === 'write' ? [`${area}:${access}`] : [];
  });

/** The choices of the grants' fieldsets, with what the form (or nothing) chose. */
const grantRows = (t: ConsoleTexts, form: KeyForm) =>
  API_KEY_AREAS.map((area: Area) => ({
    area,
    label: t[`area_${area}`],
    choices: ACCESSES.map((access) => ({
      value: access,
      label: access ? t[`access_${access}`] : t.st_grantNone,
      checked: (form[`grant_${area}`] ?? '') === access,
    })),
  }));

/** Whether the operator may change the settings here (the lists show the buttons only then). */
export function canChange(gate: ConsoleGate, request: FastifyRequest) {
  const { principal, at } = gate.at(request);
  return reachesArea(principal, at.id, 'settings', 'write');
}

export function registerKeyRoutes(app: FastifyInstance, deps: KeysDeps, pages: ConsolePages, gate: ConsoleGate) {
  const read = gate.entityRoute('settings', 'read');
  const write = gate.entityRoute('settings', 'write');
  const sensitive = gate.entityRoute('settings', 'write', { fresh: true });
  const list = (request: FastifyRequest) => settingsUrl(gate.at(request).at.fiscalCode, 'chiavi');

  app.get<{ Params: Params; Querystring: { revocata?: string } }>(
    '/console/e/:ente/chiavi',
    read,
    async (request, reply) => {
      const { at } = gate.at(request);
      const { lang, t } = pages.base(request, reply);
      const keys = (await deps.apiKeys.list(at.fiscalCode)).map((key) => ({
        ...key,
        created: when(key.createdAt, lang),
        revoked: when(key.revokedAt, lang),
        grantWords: key.grants.map((g) => {
          const [area, access] = g.split(':') as [Area, 'read' | 'write'];
          return `${t[`area_${area}`]}: ${t[`access_${access}`]}`;
        }),
      }));
      const revoked = keys.find((k) => k.id === request.query.revocata && k.revokedAt);
      return renderSettings(pages, request, reply, 'settings/keys.njk', (tt) => tt.st_keysTitle, {
        keys,
        revoked,
        canWrite: canChange(gate, request),
        newUrl: `${list(request)}/nuova`,
        base: list(request),
      });
    },
  );

  function keyForm(request: FastifyRequest, reply: FastifyReply, form: KeyForm, errors: FieldError[] = []) {
    const { t } = pages.base(request, reply);
    return renderSettings(
      pages,
      request,
      reply,
      'settings/key-form.njk',
      (tt) => tt.st_keyNew,
      { action: `${list(request)}/nuova`, back: list(request), name: form.name ?? '', grants: grantRows(t, form) },
      errors,
    );
  }

  app.get<{ Params: Params }>('/console/e/:ente/chiavi/nuova', sensitive, (request, reply) =>
    keyForm(request, reply, {}),
  );

  app.post<{ Params: Params; Body: KeyForm }>('/console/e/:ente/chiavi/nuova', write, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { session, at } = gate.at(request);
    try {
      requireFresh(session, deps.clock.now());
    } catch {
      return reply.redirect(confirmThenBack(`${list(request)}/nuova`), 303);
    }
    const { t } = pages.base(request, reply);
    const name = (form.name ?? '').trim();
    const grants = chosenGrants(form);
    const errors: FieldError[] = [];
    if (!name) errors.push({ field: 'name', message: t.st_required });
    else if (name.length > NAME_MAX) errors.push({ field: 'name', message: t.st_nameTooLong });
    if (grants.length === 0) errors.push({ field: `grant_${API_KEY_AREAS[0]}`, message: t.st_grantsNeeded });
    if (errors.length) return keyForm(request, reply, form, errors);
    let created: Awaited<ReturnType<KeysDeps['apiKeys']['create']>>;
    try {
      created = await deps.apiKeys.create(at.fiscalCode, name, request.actor, grants);
    } catch (error) {
      const refused = refusedOperator(pages, request, reply, error);
      if (refused) return refused;
      if (error instanceof AppError && error.code === 'ENTITY_INACTIVE') {
        return renderRefused(pages, request, reply, t.st_entityInactive, list(request), t.st_backToKeys);
      }
      throw error;
    }
    // Shown this once: the page is never stored (no-store) and the language switch leads to the list.
    return renderSettings(
      pages,
      request,
      reply,
      'settings/key-created.njk',
      (tt) => tt.st_keyCreatedTitle,
      { key: created.key, name: created.name, back: list(request) },
      [],
      { status: 201, languagePath: list(request) },
    );
  });

  async function activeKey(request: FastifyRequest<{ Params: KeyParams }>) {
    const keys = await deps.apiKeys.list(gate.at(request).at.fiscalCode);
    return keys.find((k) => k.id === request.params.keyId);
  }

  app.get<{ Params: KeyParams }>('/console/e/:ente/chiavi/:keyId/revoca', write, async (request, reply) => {
    const key = await activeKey(request);
    if (!key) return pages.message(request, reply, 404, 'notFound');
    if (key.revokedAt) return reply.redirect(list(request), 303);
    return renderSettings(
      pages,
      request,
      reply,
      'settings/key-revoke.njk',
      (t) => fill(t.st_revokeTitle, { name: key.name }),
      {
        action: `${list(request)}/${key.id}/revoca`,
        back: list(request),
        key,
      },
    );
  });

  app.post<{ Params: KeyParams; Body: { _csrf?: string } }>(
    '/console/e/:ente/chiavi/:keyId/revoca',
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      try {
        await deps.apiKeys.revokeOfEntity(gate.at(request).at.fiscalCode, request.params.keyId, request.actor);
      } catch (error) {
        const refused = refusedOperator(pages, request, reply, error);
        if (refused) return refused;
        throw error;
      }
      return reply.redirect(`${list(request)}?revocata=${encodeURIComponent(request.params.keyId)}`, 303);
    },
  );
}
