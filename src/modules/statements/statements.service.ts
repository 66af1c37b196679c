// Use cases of the account statement: build it for one debtor at one entity, and render it as a
// PDF or CSV document. Reads positions through the positions service only.
import type { Clock } from '../../shared/clock.ts';
import { invalid } from '../../shared/errors.ts';
import { checkEntityFiscalCode, checkPersonFiscalCode } from '../../shared/identifiers/fiscal-code.ts';
import type { Entity } from '../entities/entity.ts';
import type { PositionsService } from '../positions/positions.service.ts';
import { statementCsv } from './statement.csv.ts';
import { statementPdf } from './statement.pdf.ts';
import { buildStatement, type Statement } from './statement.ts';
import type { StatementLanguage } from './statement-texts.ts';

export const STATEMENT_FORMATS = ['pdf', 'csv'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

export interface StatementDocument {
  statement: Statement;
  body: Buffer;
  contentType: string;
  fileName: string;
}

export type StatementsService = ReturnType<typeof statementsService>;

/**
 * The debtor's fiscal code, trimmed and in capitals: a person's 16-character codice fiscale or an
 * 11-digit code. ANONIMO is refused: it is shared by every anonymous debtor, so it names no one.
 */
export function parseDebtorFiscalCode(raw: string, path = 'fiscalcode'): string {
  const code = raw.trim().toUpperCase();
  const reason = /^\d+$/.test(code)
    ? checkEntityFiscalCode(code)
    : code.length === 16
      ? checkPersonFiscalCode(code)
      : 'must be a 16-character codice fiscale or an 11-digit tax code';
  if (reason !== null) throw invalid([{ path, message: reason }]);
  return code;
}

export function statementsService(deps: { clock: Clock; positions: Pick<PositionsService, 'listOfDebtor'> }) {
  const { clock } = deps;

  async function statement(entity: Entity, debtorFiscalCode: string): Promise<Statement> {
    const code = parseDebtorFiscalCode(debtorFiscalCode);
    const now = clock.now();
    const positions = await deps.positions.listOfDebtor(entity, code);
    return buildStatement({ entity, debtorFiscalCode: code, positions, now });
  }

  return {
    /** The statement of a debtor; 400 VALIDATION_FAILED for an invalid fiscal code, empty when there is nothing. */
    statement,

    /** The statement rendered as a PDF or CSV file, with its content type and file name. */
    async document(
      entity: Entity,
      debtorFiscalCode: string,
      format: StatementFormat,
      lang: StatementLanguage,
    ): Promise<StatementDocument> {
      const built = await statement(entity, debtorFiscalCode);
      const fileName = `estratto-conto-${built.debtor.fiscalCode}-${built.date}.${format}`;
      if (format === 'csv') {
        return {
          statement: built,
          body: Buffer.from(statementCsv(built, lang), 'utf8'),
          contentType: 'text/csv; charset=utf-8',
          fileName,
        };
      }
      return {
        statement: built,
        body: await statementPdf(built, lang, clock.now()),
        contentType: 'application/pdf',
        fileName,
      };
    },
  };
}
