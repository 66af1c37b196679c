// `cassa receipts pdf` writes a receipt as PDF (with its verification QR code pointing to PUBLIC_URL);
// `cassa receipts show` prints it. The receipt is named by its receiptId (and --iuv when the back
// office reused one id across notices).
import { writeFile } from 'node:fs/promises';
import { type Command, parse, UsageError } from '../../cli/runtime.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { formatSoapAmount } from '../../shared/money.ts';
import { formatRomeDateTime, RECEIPT_LANGUAGES, type ReceiptLanguage } from './receipt-texts.ts';

const TARGET = {
  entity: { type: 'string' },
  receipt: { type: 'string' },
  iuv: { type: 'string' },
} as const;

function required(values: { entity?: string | undefined; receipt?: string | undefined }, positionals: string[]) {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.entity) throw new UsageError('--entity is required');
  if (!values.receipt) throw new UsageError('--receipt is required');
  return { entity: values.entity, receipt: values.receipt };
}

export const receiptCommands: Command[] = [
  {
    name: 'receipts pdf',
    usage: 'receipts pdf --entity CF --receipt ID [--iuv IUV] --out FILE [--lang it|it-en] [--json]',
    summary: 'Write a receipt as PDF, with its verification QR code',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { ...TARGET, out: { type: 'string' }, lang: { type: 'string' } });
      const target = required(values, positionals);
      if (!values.out) throw new UsageError('--out is required');
      const lang = (values.lang ?? 'it') as ReceiptLanguage;
      if (!RECEIPT_LANGUAGES.includes(lang)) throw new UsageError(`--lang must be ${RECEIPT_LANGUAGES.join(' or ')}`);
      const services = await ctx.services();
      const entity = await services.entities.require(target.entity);
      const receipt = await services.receipts.get(entity, target.receipt, values.iuv);
      const pdf = await services.receipts.pdf(entity, receipt, lang, ctx.actor);
      await writeFile(values.out, pdf);
      const verificationUrl = await services.receipts.verificationUrl(receipt, entity, ctx.actor);
      ctx.print(
        { file: values.out, receiptId: receipt.receiptId, bytes: pdf.length, verificationUrl },
        `Wrote ${values.out}: receipt ${receipt.receiptId} of notice ${formatNoticeNumber(receipt.nav)}.\n  verification: ${verificationUrl}`,
      );
      return undefined;
    },
  },
  {
    name: 'receipts show',
    usage: 'receipts show --entity CF --receipt ID [--iuv IUV] [--json]',
    summary: 'Print a receipt and the URL that verifies it',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, TARGET);
      const target = required(values, positionals);
      const [services, { toReceiptJson }] = await Promise.all([ctx.services(), import('./receipts.schemas.ts')]);
      const entity = await services.entities.require(target.entity);
      const r = await services.receipts.get(entity, target.receipt, values.iuv);
      const url = await services.receipts.verificationUrl(r, entity, ctx.actor);
      const lines = [
        `Receipt ${r.receiptId} (${r.source})`,
        `  entity:        ${entity.name} (${entity.fiscalCode})`,
        `  notice number: ${formatNoticeNumber(r.nav)}   IUV ${r.iuv}${r.iupd ? `   position ${r.iupd}` : ''}`,
        `  description:   ${r.description}`,
        `  amount:        ${formatSoapAmount(r.amountCents)} EUR${r.feeCents === null ? '' : ` (fee ${formatSoapAmount(r.feeCents)} EUR)`}`,
        `  paid at:       ${formatRomeDateTime(r.paidAt)} (Europe/Rome)`,
        `  channel:       ${r.channel}${r.paymentMethod ? ` · ${r.paymentMethod}` : ''}${r.pspCompany ? ` · ${r.pspCompany}` : ''}`,
        `  debtor:        ${r.debtor.fullName} (${r.debtor.fiscalCode})`,
        ...(r.payer ? [`  payer:         ${r.payer.fullName} (${r.payer.fiscalCode})`] : []),
        `  verification:  ${url}`,
      ];
      ctx.print(toReceiptJson(r, entity.fiscalCode, url), lines.join('\n'));
      return undefined;
    },
  },
];
