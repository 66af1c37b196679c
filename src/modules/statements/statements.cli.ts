// `cassa statement --entity CF --debtor CF --format pdf|csv --out FILE`: writes a debtor's account
// statement to a file; --json prints the totals (and the file) instead of a sentence.
import { writeFile } from 'node:fs/promises';
import { type Command, parse, UsageError } from '../../cli/runtime.ts';
import { type Cents, formatSoapAmount } from '../../shared/money.ts';
import { STATEMENT_LANGUAGES, type StatementLanguage } from './statement-texts.ts';
import type { StatementFormat } from './statements.service.ts';

export const statementCommands: Command[] = [
  {
    name: 'statement',
    usage: 'statement --entity CF --debtor FISCALCODE --out FILE [--format pdf|csv] [--lang it|en|de] [--json]',
    summary: "Write a debtor's account statement (estratto conto) as PDF or CSV",
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, {
        entity: { type: 'string' },
        debtor: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        lang: { type: 'string' },
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      for (const required of ['entity', 'debtor', 'out'] as const) {
        if (!values[required]) throw new UsageError(`--${required} is required`);
      }
      const out = values.out!;
      // Without --format, the extension of --out decides.
      const { STATEMENT_FORMATS } = await import('./statements.service.ts');
      const format = (values.format ?? out.split('.').pop()?.toLowerCase()) as StatementFormat;
      if (!STATEMENT_FORMATS.includes(format)) {
        throw new UsageError(`--format must be ${STATEMENT_FORMATS.join(' or ')}`);
      }
      const lang = (values.lang ?? 'it') as StatementLanguage;
      if (!STATEMENT_LANGUAGES.includes(lang))
        throw new UsageError(`--lang must be ${STATEMENT_LANGUAGES.join(' or ')}`);
      const services = await ctx.services();
      const entity = await services.entities.require(values.entity!);
      const document = await services.statements.document(entity, values.debtor!, format, lang);
      await writeFile(out, document.body);
      const { statement } = document;
      const euro = (cents: number) => `${formatSoapAmount(cents as Cents)} EUR`;
      ctx.print(
        {
          file: out,
          format,
          entity: statement.entity.fiscalCode,
          debtor: statement.debtor.fiscalCode,
          date: statement.date,
          positions: statement.positions.length,
          totals: statement.totals,
        },
        [
          `Wrote ${out}: ${statement.positions.length} position(s) of ${statement.debtor.fiscalCode} at ${statement.entity.name}, as of ${statement.date}.`,
          `  to pay:  ${euro(statement.totals.dueCents)} (past due date: ${euro(statement.totals.overdueCents)})`,
          `  paid:    ${euro(statement.totals.paidCents)}`,
          `  expired: ${euro(statement.totals.expiredCents)}`,
        ].join('\n'),
      );
      return undefined;
    },
  },
];
