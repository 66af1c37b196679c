// The signed-in part of the portal: the sign-in page (SPID/CIE and smart cards have their own routes;
// the sandbox's pretend sign-in with the demo's citizens is here), signing out, the account statement
// with its PDF and CSV, and the detail of one position. A citizen sees only positions whose debtor is
// their fiscal code: anything else is the same 404 as what does not exist.

import type { FastifyInstance } from 'fastify';
import { sendDownload } from '../../http/downloads.ts';
import { acceptForms } from '../../http/forms.ts';
import { cookies } from '../../http/web/cookies.ts';
import { csrfToken, csrfValid } from '../../http/web/csrf.ts';
import { formatItalianDate, type IsoDate } from '../../shared/dates.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { formatEuro } from '../../shared/money.ts';
import { DEMO_CITIZENS } from '../demo/demo.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import { citizenActor } from '../identity/citizen-actor.ts';
import type { OidcProvider } from '../identity/oidc.ts';
import { clearedSessionCookie, SESSION_COOKIE, sessionCookie } from '../identity/session-cookie.ts';
import type { SessionsService } from '../identity/sessions.service.ts';
import { NO_DUE_DATE_FROM } from '../notices/notice.ts';
import type { PositionsService } from '../positions/positions.service.ts';
import type { PositionState } from '../statements/statement.ts';
import { statementPage } from '../statements/statement-page.ts';
import { installmentLabel, STATEMENT_TEXTS, type StatementLanguage } from '../statements/statement-texts.ts';
import type { StatementsService } from '../statements/statements.service.ts';
import { citizenGate, safeNext } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import { page } from './web.ts';

/** The statement's filters (?stato=): which positions each shows. */
const STATEMENT_FILTERS = {
  tutte: ['TO_PAY', 'NOT_YET_PAYABLE', 'PARTIALLY_PAID', 'PAID', 'EXPIRED', 'CANCELLED'],
  'da-pagare': ['TO_PAY', 'NOT_YET_PAYABLE', 'PARTIALLY_PAID'],
  pagate: ['PAID'],
  scadute: ['EXPIRED', 'CANCELLED'],
} as const satisfies Record<string, readonly PositionState[]>;

export interface AccountDeps {
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  positions: Pick<PositionsService, 'find'>;
  statements: Pick<StatementsService, 'statement' | 'document'>;
  sessions: Pick<SessionsService, 'start' | 'resolve' | 'end'>;
}

export function registerAccountRoutes(
  app: FastifyInstance,
  deps: AccountDeps,
  portal: PortalPages,
  options: {
    sandboxSignIn: boolean;
    /** Smart-card sign-in (portal/smartcard.http.ts) is configured: a button on the sign-in page. */
    smartCardSignIn?: boolean;
    /** The SPID/CIE providers (identity/oidc.ts): one button each on the sign-in page. */
    oidcProviders?: readonly Pick<OidcProvider, 'name' | 'kind' | 'label'>[];
  },
) {
  const { keys, base, message } = portal;

  app.register(async (scope) => {
    acceptForms(scope);
    routes(scope);
  });

  const gate = citizenGate(deps, portal);
  const { citizen, entityOf } = gate;

  function routes(app: FastifyInstance) {
    const html = { hide: true } as const;

    app.get<{ Querystring: { next?: string } }>('/accedi', { schema: html }, async (request, reply) => {
      const model = base(request, reply);
      return page(request, reply, 'signin.njk', {
        ...model,
        title: model.t.signInTitle,
        next: safeNext(request.query.next),
        sandboxSignIn: options.sandboxSignIn,
        smartCardSignIn: options.smartCardSignIn === true,
        oidcProviders: options.oidcProviders ?? [],
        citizens: DEMO_CITIZENS,
        csrf: csrfToken(request, reply, keys),
      });
    });

    app.post<{ Body: { fiscalCode?: string; next?: string; _csrf?: string } }>(
      '/accedi/sandbox',
      { schema: html },
      async (request, reply) => {
        if (!options.sandboxSignIn) return message(request, reply, 404, 'notFound');
        if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm');
        const chosen = DEMO_CITIZENS.find((c) => c.fiscalCode === request.body?.fiscalCode);
        if (!chosen) {
          const model = base(request, reply);
          return page(
            request,
            reply,
            'signin.njk',
            {
              ...model,
              title: `${model.t.errorSummaryTitle}: ${model.t.signInTitle}`,
              next: safeNext(request.body?.next),
              sandboxSignIn: true,
              smartCardSignIn: options.smartCardSignIn === true,
              oidcProviders: options.oidcProviders ?? [],
              citizens: DEMO_CITIZENS,
              errors: [{ field: `citizen-${DEMO_CITIZENS[0]!.fiscalCode}`, message: model.t.errorChooseCitizen }],
              fieldError: model.t.errorChooseCitizen,
              csrf: csrfToken(request, reply, keys),
            },
            { status: 400 },
          );
        }
        // A new token at every sign-in: a session id known before signing in is worth nothing after.
        const { token } = await deps.sessions.start({ ...chosen, method: 'sandbox' }, citizenActor(request, chosen));
        return reply.header('set-cookie', sessionCookie(token)).redirect(safeNext(request.body?.next), 303);
      },
    );

    app.post<{ Body: { _csrf?: string } }>('/esci', { schema: html }, async (request, reply) => {
      if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm');
      const token = cookies(request).get(SESSION_COOKIE);
      const session = await deps.sessions.resolve(token);
      await deps.sessions.end(token, citizenActor(request, session));
      return reply.header('set-cookie', clearedSessionCookie).redirect('/', 303);
    });

    // The instalments of the citizen's positions by due date, a page at a time (links that work
    // without JavaScript); the totals are the whole statement's, whatever the page and the filter.
    app.get<{ Params: { fiscalCode: string }; Querystring: { stato?: string; pagina?: string } }>(
      '/e/:fiscalCode/estratto',
      { schema: html },
      async (request, reply) => {
        const signedIn = await gate.atEntity(request, reply);
        if (!signedIn.session) return signedIn.answer;
        const { entity } = signedIn;
        const model = gate.model(request, reply, signedIn.session, entity);
        const statement = await deps.statements.statement(entity, signedIn.session.fiscalCode);
        const { lang, t } = model;
        const st = STATEMENT_TEXTS[lang as StatementLanguage];
        const filter = request.query.stato && request.query.stato in STATEMENT_FILTERS ? request.query.stato : 'tutte';
        const shown: readonly PositionState[] = STATEMENT_FILTERS[filter as keyof typeof STATEMENT_FILTERS];
        const asked = Number.parseInt(request.query.pagina ?? '1', 10);
        const cut = statementPage(statement, shown, Number.isSafeInteger(asked) ? asked : 1);
        const here = `/e/${entity.fiscalCode}/estratto?stato=${filter}&pagina=`;
        const euro = (cents: number) => formatEuro(cents, lang);
        return page(request, reply, 'statement.njk', {
          ...model,
          title: cut.pages > 1 ? `${t.statementTitle} (${cut.pageNo}/${cut.pages})` : t.statementTitle,
          entity,
          asOf: formatItalianDate(statement.date),
          filter,
          filters: Object.keys(STATEMENT_FILTERS).map((value) => ({
            value,
            label: t[`statementFilter_${value}` as keyof typeof t],
          })),
          lines: cut.lines.map((line) => ({
            dueDate: line.dueDate >= NO_DUE_DATE_FROM ? t.noDueDate : formatItalianDate(line.dueDate),
            subject: line.position.subject,
            iupd: line.position.iupd,
            instalment: installmentLabel(line, st),
            amount: euro(line.amountCents),
            state: st.rowStates[line.state],
            counted: line.counted,
            href: `/e/${entity.fiscalCode}/posizioni/${encodeURIComponent(line.position.iupd)}`,
          })),
          lineCount: cut.lineCount,
          pageNo: cut.pageNo,
          pages: cut.pages,
          previous: cut.pageNo > 1 ? `${here}${cut.pageNo - 1}` : undefined,
          next: cut.pageNo < cut.pages ? `${here}${cut.pageNo + 1}` : undefined,
          notes: st.notes,
          totals: {
            due: euro(statement.totals.dueCents),
            overdue: euro(statement.totals.overdueCents),
            paid: euro(statement.totals.paidCents),
            expired: euro(statement.totals.expiredCents),
          },
        });
      },
    );

    app.get<{ Params: { fiscalCode: string; format: string } }>(
      '/e/:fiscalCode/estratto.:format',
      { schema: html },
      async (request, reply) => {
        const entity = await entityOf(request.params.fiscalCode);
        const format = request.params.format;
        if (!entity || (format !== 'pdf' && format !== 'csv')) return message(request, reply, 404, 'notFound');
        const signedIn = await citizen(request, reply, entity);
        if (!signedIn.session) return signedIn.answer;
        const lang = base(request, reply).lang as StatementLanguage;
        const doc = await deps.statements.document(entity, signedIn.session.fiscalCode, format, lang);
        return sendDownload(reply, { contentType: doc.contentType, fileName: doc.fileName, body: doc.body });
      },
    );

    app.get<{ Params: { fiscalCode: string; iupd: string } }>(
      '/e/:fiscalCode/posizioni/:iupd',
      { schema: html },
      async (request, reply) => {
        const signedIn = await gate.atEntity(request, reply);
        if (!signedIn.session) return signedIn.answer;
        const { entity } = signedIn;
        const fiscalCode = signedIn.session.fiscalCode;
        const position = await deps.positions.find(entity, request.params.iupd);
        // Not the citizen's: the very same 404 as a position that does not exist.
        const isOwn = position?.options.some((o) => o.debtor.fiscalCode.toUpperCase() === fiscalCode) === true;
        if (!position || !isOwn || position.status === 'DRAFT') return message(request, reply, 404, 'notFound', entity);
        const model = gate.model(request, reply, signedIn.session, entity);
        const statement = await deps.statements.statement(entity, fiscalCode);
        const summary = statement.positions.find((p) => p.iupd === position.iupd);
        const st = STATEMENT_TEXTS[model.lang as StatementLanguage];
        const rowOf = new Map((summary?.rows ?? []).map((r) => [r.nav, r]));
        return page(request, reply, 'position.njk', {
          ...model,
          title: `${model.t.positionTitle} ${position.iupd}`,
          entity,
          position: {
            iupd: position.iupd,
            subject: summary?.subject ?? position.companyName,
            state: summary ? st.positionStates[summary.state] : position.status,
            options: position.options
              .filter((o) => o.debtor.fiscalCode.toUpperCase() === fiscalCode)
              .map((o) => ({
                heading: o.installments.length > 1 ? model.t.payInInstalments : model.t.payInFull,
                installments: o.installments.map((i) => {
                  const row = rowOf.get(i.nav);
                  return {
                    nav: i.nav,
                    navFormatted: formatNoticeNumber(i.nav),
                    description: i.description,
                    amount: formatEuro(i.amountCents, model.lang),
                    dueDate:
                      i.dueDate >= NO_DUE_DATE_FROM ? model.t.noDueDate : formatItalianDate(i.dueDate as IsoDate),
                    state: row ? st.rowStates[row.state] : i.status,
                    payable: row?.state === 'TO_PAY' || row?.state === 'OVERDUE',
                    // What the money is for: each transfer, and who receives it.
                    transfers: i.transfers.map((tr) => ({
                      what: tr.remittanceInformation,
                      to: tr.companyName ?? (tr.organizationFiscalCode ? tr.organizationFiscalCode : entity.name),
                      amount: formatEuro(tr.amountCents, model.lang),
                    })),
                  };
                }),
              })),
          },
        });
      },
    );
  }
}
