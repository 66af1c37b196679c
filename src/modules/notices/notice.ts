// What a printed payment notice (avviso di pagamento, AVVISO 3.x, pagopa-facts §2) shows, chosen
// from a debt position: which options and instalments, with which texts, cut to the lengths the
// specification sets. Pure: the renderer (notice.pdf.ts) only lays this out.
import type { IsoDate } from '../../shared/dates.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { Cents } from '../../shared/money.ts';
import { truncate } from '../../shared/pdf/text.ts';
import type { Entity } from '../entities/entity.ts';
import type { Debtor, Installment, PaymentOption, Position, PositionStatus } from '../positions/position.ts';
import { MAX_POSTAL_CENTS, noticeQrPayload, posteDataMatrixPayload } from './notice-payloads.ts';

export { NOTICE_LANGUAGES, type NoticeLanguage } from '../entities/entity.ts';

/** Field lengths of the AVVISO data model (pagopa-facts §2.2). */
export const NOTICE_LIMITS = {
  subject: 90,
  entityName: 50,
  entitySector: 50,
  entityInfo: 100,
  debtorName: 70,
  debtorAddress: 140,
  optionLabel: 90,
} as const;

/**
 * Due dates from this one on mean "no due date": Cassa needs a date on every instalment (as GPD),
 * so a back office that wants an "avviso senza scadenza" writes 31/12/2099 or later.
 */
export const NO_DUE_DATE_FROM = '2099-12-31' as IsoDate;

/** Statuses whose notices can be printed: published and not yet (fully) paid. */
export const PRINTABLE_STATUSES: readonly PositionStatus[] = ['PUBLISHED', 'VALID', 'PARTIALLY_PAID'];

/** One payable notice (a notice number): the single payment of an option or one instalment. */
export interface NoticePayment {
  nav: string;
  amountCents: Cents;
  /** Undefined: an "avviso senza scadenza". */
  dueDate?: IsoDate | undefined;
  /** For an instalment of a plan: its number (1-based) and the plan's number of instalments. */
  instalment?: { number: number; of: number } | undefined;
  /** The QR code text (notice-payloads.ts). */
  qrPayload: string;
  /** The Bollettino Postale PA DataMatrix text; undefined when no postal section is printed. */
  postalPayload?: string | undefined;
}

/** One payment option: a single payment, or a plan of instalments (only the printed ones). */
export interface NoticeOption {
  /** The option's place in the position (0-based). */
  index: number;
  kind: 'single' | 'plan';
  /** The option's description, when the back office gave one. */
  label?: string | undefined;
  payments: NoticePayment[];
}

export interface NoticeData {
  iupd: string;
  /** AVVISO.OGGETTO, at most 90 characters. */
  subject: string;
  entity: {
    fiscalCode: string;
    name: string;
    sector?: string | undefined;
    info?: string | undefined;
    cbill?: string | undefined;
    /** Present when the entity has a postal account: every payment gets a Bollettino Postale PA. */
    postal?: { account: string; holder: string; authorization?: string | undefined } | undefined;
    /** PNG or JPEG bytes; SVG logos are not drawn (pdfkit cannot), the box stays empty. */
    logo?: { data: Uint8Array; mediaType: string } | undefined;
  };
  debtor: { fiscalCode?: string | undefined; fullName: string; address?: string | undefined };
  /** Single-payment options first, then plans, each in position order. */
  options: NoticeOption[];
}

export function isPrintable(position: Position): boolean {
  return PRINTABLE_STATUSES.includes(position.status) && printableOptions(position).length > 0;
}

/** The options and instalments a notice shows: when partially paid, only the rest of the settling option. */
function printableOptions(position: Position): { option: PaymentOption; installments: Installment[] }[] {
  const options =
    position.status === 'PARTIALLY_PAID' && position.settlingOption !== null
      ? position.options.filter((o) => o.index === position.settlingOption)
      : position.options;
  return options
    .map((option) => ({ option, installments: option.installments.filter((i) => i.status === 'UNPAID') }))
    .filter((o) => o.installments.length > 0);
}

/** The debtor's postal address on one line: street and number, postcode, city (province), country. */
export function debtorAddress(debtor: Debtor): string | undefined {
  const street = [debtor.streetName, debtor.civicNumber].filter(Boolean).join(' ');
  const place = [debtor.postalCode, debtor.city, debtor.province && `(${debtor.province})`].filter(Boolean).join(' ');
  const country = debtor.country && debtor.country.toUpperCase() !== 'IT' ? debtor.country : undefined;
  const address = [street, place, country].filter(Boolean).join(', ');
  return address || undefined;
}

const isAnonymous = (fiscalCode: string) => fiscalCode.trim() === '' || fiscalCode.toUpperCase() === 'ANONIMO';

/**
 * The notice of `position` as printed: every unpaid option (or, with `nav`, only the option or
 * instalment with that notice number). Throws NOTICE_NOT_PRINTABLE when the position is not in a
 * printable status or the notice asked for is already paid or settled; NOT_FOUND when `nav` is not
 * one of the position's notices.
 */
export function noticeFromPosition(
  entity: Entity,
  position: Position,
  options: { nav?: string | undefined; logo?: { data: Uint8Array; mediaType: string } | undefined } = {},
): NoticeData {
  const { nav } = options;
  if (nav !== undefined && !position.options.some((o) => o.installments.some((i) => i.nav === nav))) throw notFound();
  if (!PRINTABLE_STATUSES.includes(position.status)) {
    throw new AppError(
      'NOTICE_NOT_PRINTABLE',
      `Debt position ${position.iupd} is ${position.status}: no notice to print`,
    );
  }
  let chosen = printableOptions(position);
  if (nav !== undefined) {
    chosen = chosen
      .map((o) => ({ ...o, installments: o.installments.filter((i) => i.nav === nav) }))
      .filter((o) => o.installments.length > 0);
    if (chosen.length === 0) {
      throw new AppError('NOTICE_NOT_PRINTABLE', `Notice ${nav} is already paid or settled by another option`);
    }
  }
  if (chosen.length === 0)
    throw new AppError('NOTICE_NOT_PRINTABLE', `Debt position ${position.iupd} has nothing left to pay`);
  // Singles first: the first page of the notice is the pay-in-full one (AVVISO "rata unica").
  chosen.sort((a, b) => kindRank(a.option) - kindRank(b.option) || a.option.index - b.option.index);

  const first = chosen[0]!;
  const rawSubject = first.option.description || first.installments[0]!.description || position.companyName;
  const debtor = first.option.debtor;
  const anonymous = isAnonymous(debtor.fiscalCode);
  const postal = entity.postalAccount
    ? {
        account: entity.postalAccount,
        holder: truncate(entity.name, NOTICE_LIMITS.entityName),
        authorization: entity.postalAuthorization ?? undefined,
      }
    : undefined;

  const payment = (option: PaymentOption, installment: Installment): NoticePayment => ({
    nav: installment.nav,
    amountCents: installment.amountCents,
    dueDate: installment.dueDate >= NO_DUE_DATE_FROM ? undefined : installment.dueDate,
    instalment:
      option.installments.length > 1 ? { number: installment.index + 1, of: option.installments.length } : undefined,
    qrPayload: noticeQrPayload(installment.nav, entity.fiscalCode, installment.amountCents),
    // Amounts above 99.999.999,99 € do not fit the bollettino's 10-digit field: no postal slip then.
    postalPayload:
      postal && installment.amountCents <= MAX_POSTAL_CENTS
        ? posteDataMatrixPayload({
            nav: installment.nav,
            postalAccount: postal.account,
            amountCents: installment.amountCents,
            entityFiscalCode: entity.fiscalCode,
            debtorFiscalCode: anonymous ? undefined : debtor.fiscalCode,
            debtorName: debtor.fullName,
            subject: rawSubject,
          })
        : undefined,
  });

  return {
    iupd: position.iupd,
    subject: truncate(rawSubject, NOTICE_LIMITS.subject),
    entity: {
      fiscalCode: entity.fiscalCode,
      name: truncate(entity.name, NOTICE_LIMITS.entityName),
      sector: entity.sector ? truncate(entity.sector, NOTICE_LIMITS.entitySector) : undefined,
      info: entity.info ? truncate(entity.info, NOTICE_LIMITS.entityInfo) : undefined,
      cbill: entity.cbill ?? undefined,
      postal,
      logo: options.logo,
    },
    debtor: {
      fiscalCode: anonymous ? undefined : debtor.fiscalCode.toUpperCase(),
      fullName: truncate(debtor.fullName, NOTICE_LIMITS.debtorName),
      address: truncateOptional(debtorAddress(debtor), NOTICE_LIMITS.debtorAddress),
    },
    options: chosen.map(({ option, installments }) => ({
      index: option.index,
      kind: option.installments.length > 1 ? 'plan' : 'single',
      label: option.description ? truncate(option.description, NOTICE_LIMITS.optionLabel) : undefined,
      payments: installments.map((i) => payment(option, i)),
    })),
  };
}

const kindRank = (option: PaymentOption) => (option.installments.length > 1 ? 1 : 0);

function truncateOptional(text: string | undefined, max: number): string | undefined {
  return text ? truncate(text, max) : undefined;
}

/** Every notice number the notice prints, in page order. */
export function noticeNavs(notice: NoticeData): string[] {
  return notice.options.flatMap((o) => o.payments.map((p) => p.nav));
}
