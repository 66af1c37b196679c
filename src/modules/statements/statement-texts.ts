// The words of the account statement, in Italian (the default), English and German, shared by the PDF and
// the CSV so both documents call each state the same way.
import { formatItalianDate, type IsoDate } from '../../shared/dates.ts';
import { formatEuro as formatEuroIn } from '../../shared/money.ts';
import type { PositionState, RowState, StatementRow } from './statement.ts';

export const STATEMENT_LANGUAGES = ['it', 'en', 'de'] as const;
export type StatementLanguage = (typeof STATEMENT_LANGUAGES)[number];

export interface StatementTexts {
  title: string;
  asOf: string;
  entity: string;
  debtor: string;
  fiscalCode: string;
  columns: { nav: string; installment: string; dueDate: string; amount: string; state: string; paidOn: string };
  singlePayment: string;
  installmentOf: (n: number, of: number) => string;
  positionStates: Record<PositionState, string>;
  rowStates: Record<RowState, string>;
  positionDue: string;
  continued: string;
  empty: string;
  totals: { heading: string; due: string; overdue: string; paid: string; expired: string };
  notes: string[];
  page: (n: number, of: number) => string;
  yes: string;
  no: string;
  csvHeader: string[];
  csvRowType: { row: string; total: string };
}

const it: StatementTexts = {
  title: 'Estratto conto',
  asOf: 'Situazione al',
  entity: 'Ente creditore',
  debtor: 'Debitore',
  fiscalCode: 'Codice fiscale',
  columns: {
    nav: 'Codice avviso',
    installment: 'Modalità',
    dueDate: 'Scadenza',
    amount: 'Importo',
    state: 'Stato',
    paidOn: 'Pagata il',
  },
  singlePayment: 'Unica soluzione',
  installmentOf: (n, of) => `Rata ${n} di ${of}`,
  positionStates: {
    TO_PAY: 'Da pagare',
    NOT_YET_PAYABLE: 'Non ancora pagabile',
    PARTIALLY_PAID: 'Pagata in parte',
    PAID: 'Pagata',
    EXPIRED: 'Scaduta',
    CANCELLED: 'Annullata',
  },
  rowStates: {
    TO_PAY: 'Da pagare',
    OVERDUE: 'Da pagare, scadenza passata',
    NOT_YET_PAYABLE: 'Non ancora pagabile',
    PAID: 'Pagata',
    NOT_DUE: 'Non dovuta',
    EXPIRED: 'Scaduta',
    CANCELLED: 'Annullata',
  },
  positionDue: 'Residuo',
  continued: '(segue)',
  empty: 'Non risultano posizioni debitorie a nome del debitore presso questo ente.',
  totals: {
    heading: 'Riepilogo',
    due: 'Totale da pagare',
    overdue: 'di cui con scadenza passata',
    paid: 'Totale pagato',
    expired: 'Scaduto, non più pagabile con pagoPA',
  },
  notes: [
    "Quando una posizione si può pagare in un'unica soluzione o a rate, nel totale da pagare conta una sola modalità: quella già iniziata a pagare, altrimenti la meno cara (di solito l'unica soluzione). Le altre rate sono alternative.",
    "Non dovuta: la posizione è stata saldata con un'altra modalità. Scaduta: l'avviso non si può più pagare con pagoPA; rivolgersi all'ente. Le posizioni annullate non sono conteggiate.",
  ],
  page: (n, of) => `Pagina ${n} di ${of}`,
  yes: 'sì',
  no: 'no',
  csvHeader: [
    'tipo_riga',
    'iupd',
    'oggetto',
    'stato_posizione',
    'modalita',
    'codice_avviso',
    'descrizione',
    'scadenza',
    'importo',
    'importo_centesimi',
    'stato',
    'data_pagamento',
    'nel_totale',
  ],
  csvRowType: { row: 'rata', total: 'totale' },
};

const en: StatementTexts = {
  title: 'Account statement',
  asOf: 'Statement as of',
  entity: 'Creditor',
  debtor: 'Debtor',
  fiscalCode: 'Tax code',
  columns: {
    nav: 'Notice number',
    installment: 'Payment',
    dueDate: 'Due date',
    amount: 'Amount',
    state: 'Status',
    paidOn: 'Paid on',
  },
  singlePayment: 'Single payment',
  installmentOf: (n, of) => `Instalment ${n} of ${of}`,
  positionStates: {
    TO_PAY: 'To pay',
    NOT_YET_PAYABLE: 'Not yet payable',
    PARTIALLY_PAID: 'Partly paid',
    PAID: 'Paid',
    EXPIRED: 'Expired',
    CANCELLED: 'Cancelled',
  },
  rowStates: {
    TO_PAY: 'To pay',
    OVERDUE: 'To pay, past due date',
    NOT_YET_PAYABLE: 'Not yet payable',
    PAID: 'Paid',
    NOT_DUE: 'Not due',
    EXPIRED: 'Expired',
    CANCELLED: 'Cancelled',
  },
  positionDue: 'Outstanding',
  continued: '(continued)',
  empty: 'The debtor has no debt positions with this creditor.',
  totals: {
    heading: 'Summary',
    due: 'Total to pay',
    overdue: 'of which past due date',
    paid: 'Total paid',
    expired: 'Expired, no longer payable with pagoPA',
  },
  notes: [
    'When a position can be paid in full or in instalments, only one way counts toward the total to pay: the one already being paid, otherwise the cheapest (usually the single payment). The other instalments are alternatives.',
    'Not due: the position was settled another way. Expired: the notice can no longer be paid with pagoPA; contact the creditor. Cancelled positions are not counted.',
  ],
  page: (n, of) => `Page ${n} of ${of}`,
  yes: 'yes',
  no: 'no',
  csvHeader: [
    'row_type',
    'iupd',
    'subject',
    'position_status',
    'payment',
    'notice_number',
    'description',
    'due_date',
    'amount',
    'amount_cents',
    'status',
    'payment_date',
    'in_totals',
  ],
  csvRowType: { row: 'instalment', total: 'total' },
};

const de: StatementTexts = {
  title: 'Kontoauszug',
  asOf: 'Stand am',
  entity: 'Gläubigerkörperschaft',
  debtor: 'Schuldner',
  fiscalCode: 'Steuernummer',
  columns: {
    nav: 'Avis-Code',
    installment: 'Zahlungsart',
    dueDate: 'Fälligkeit',
    amount: 'Betrag',
    state: 'Stand',
    paidOn: 'Bezahlt am',
  },
  singlePayment: 'In einer Summe',
  installmentOf: (n, of) => `Rate ${n} von ${of}`,
  positionStates: {
    TO_PAY: 'Zu zahlen',
    NOT_YET_PAYABLE: 'Noch nicht zahlbar',
    PARTIALLY_PAID: 'Teilweise bezahlt',
    PAID: 'Bezahlt',
    EXPIRED: 'Verfallen',
    CANCELLED: 'Annulliert',
  },
  rowStates: {
    TO_PAY: 'Zu zahlen',
    OVERDUE: 'Zu zahlen, Fälligkeit überschritten',
    NOT_YET_PAYABLE: 'Noch nicht zahlbar',
    PAID: 'Bezahlt',
    NOT_DUE: 'Nicht geschuldet',
    EXPIRED: 'Verfallen',
    CANCELLED: 'Annulliert',
  },
  positionDue: 'Offen',
  continued: '(Fortsetzung)',
  empty: 'Für den Schuldner bestehen bei dieser Körperschaft keine Schuldpositionen.',
  totals: {
    heading: 'Übersicht',
    due: 'Insgesamt zu zahlen',
    overdue: 'davon mit überschrittener Fälligkeit',
    paid: 'Insgesamt bezahlt',
    expired: 'Verfallen, mit pagoPA nicht mehr zahlbar',
  },
  notes: [
    'Kann eine Schuldposition in einer Summe oder in Raten bezahlt werden, zählt für den zu zahlenden Gesamtbetrag nur eine Zahlungsart: die bereits begonnene, sonst die günstigste (meist die Zahlung in einer Summe). Die übrigen Raten sind Alternativen.',
    'Nicht geschuldet: Die Schuldposition wurde auf andere Weise beglichen. Verfallen: Die Zahlungsaufforderung kann nicht mehr mit pagoPA bezahlt werden; wenden Sie sich an die Körperschaft. Annullierte Schuldpositionen werden nicht gezählt.',
  ],
  page: (n, of) => `Seite ${n} von ${of}`,
  yes: 'ja',
  no: 'nein',
  // The columns keep the Italian names: programs read them whatever the language of the words.
  csvHeader: it.csvHeader,
  csvRowType: { row: 'rate', total: 'summe' },
};

export const STATEMENT_TEXTS: Record<StatementLanguage, StatementTexts> = { it, en, de };

/** An amount for people: `1.020,99 €` in Italian, `€1,020.99` in English (shared/money.ts). */
export function formatEuro(cents: number, lang: StatementLanguage): string {
  return formatEuroIn(cents, lang);
}

/** A calendar date for people: DD/MM/YYYY in both languages. */
export function formatDay(date: IsoDate): string {
  return formatItalianDate(date);
}

/** "Unica soluzione" for a one-instalment option, "Rata 2 di 3" otherwise. */
export function installmentLabel(row: Pick<StatementRow, 'installmentNumber' | 'installmentCount'>, t: StatementTexts) {
  return row.installmentCount === 1 ? t.singlePayment : t.installmentOf(row.installmentNumber, row.installmentCount);
}
