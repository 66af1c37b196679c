// Reading the Nodo's requests into plain values. Every request has passed paForNode.xsd before it
// gets here, so required elements exist and have the right lexical form; what the XSD cannot say
// (an amount's range, a date-time's time zone) is checked here and reported as a RequestProblem.
import { type IsoDate, parseInstant } from '../../../shared/dates.ts';
import type { Cents } from '../../../shared/money.ts';
import { parseSoapAmount } from '../../../shared/money.ts';
import type { XmlElement } from '../../../shared/xml/safe-xml.ts';
import { normalizeWhiteSpace } from '../../../shared/xml/xsd.ts';
import type { KeyValue } from '../../positions/position.ts';
import type { ReceivedReceipt, ReceivedSubject, ReceivedTransfer } from '../../receipts/intake/pagopa-receipt.ts';

/** Who the Nodo says it is calling: the entity, its broker and station. */
export interface StationAddress {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
}

export interface NoticeRequest extends StationAddress {
  /** qrCode.fiscalCode: the entity that issued the notice. */
  fiscalCode: string;
  noticeNumber: string;
}

export interface ActivationRequest extends NoticeRequest {
  amountCents?: Cents | undefined;
  /** For payments started on Cassa's own pages, the Checkout cart id. */
  paymentNote?: string | undefined;
  transferType?: 'POSTAL' | 'PAGOPA' | undefined;
}

export interface ReceiptRequest extends StationAddress {
  receipt: ReceivedReceipt;
}

/** A request that is valid XML but carries a value Cassa cannot take (e.g. an amount over the limit). */
export class RequestProblem extends Error {}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

function text(el: XmlElement, name: string): string {
  const found = child(el, name);
  if (!found) throw new RequestProblem(`${name} is missing`);
  return found.text;
}

function optionalText(el: XmlElement, name: string): string | undefined {
  return child(el, name)?.text;
}

/** Text of a value the XSD collapses (numbers, dates, codes): surrounding whitespace removed. */
const token = (el: XmlElement, name: string) => normalizeWhiteSpace('collapse', text(el, name));
const optionalToken = (el: XmlElement, name: string) => {
  const value = optionalText(el, name);
  return value === undefined ? undefined : normalizeWhiteSpace('collapse', value);
};

function amount(el: XmlElement, name: string): Cents {
  const cents = parseSoapAmount(token(el, name));
  if (cents === null) throw new RequestProblem(`${name} is not an amount Cassa can take`);
  return cents;
}

function optionalAmount(el: XmlElement, name: string): Cents | undefined {
  return child(el, name) === undefined ? undefined : amount(el, name);
}

function address(el: XmlElement): StationAddress {
  return { idPA: token(el, 'idPA'), idBrokerPA: token(el, 'idBrokerPA'), idStation: token(el, 'idStation') };
}

function qrCode(el: XmlElement): { fiscalCode: string; noticeNumber: string } {
  const qr = child(el, 'qrCode');
  if (!qr) throw new RequestProblem('qrCode is missing');
  return { fiscalCode: token(qr, 'fiscalCode'), noticeNumber: token(qr, 'noticeNumber') };
}

export function readNoticeRequest(el: XmlElement): NoticeRequest {
  return { ...address(el), ...qrCode(el) };
}

export function readActivationRequest(el: XmlElement): ActivationRequest {
  const transferType = optionalToken(el, 'transferType') as ActivationRequest['transferType'];
  return {
    ...readNoticeRequest(el),
    amountCents: optionalAmount(el, 'amount'),
    paymentNote: optionalText(el, 'paymentNote'),
    transferType,
  };
}

function metadata(el: XmlElement | undefined): KeyValue[] {
  const list = el && child(el, 'metadata');
  if (!list) return [];
  return list.children.map((entry) => ({ key: text(entry, 'key'), value: text(entry, 'value') }));
}

function subject(el: XmlElement): ReceivedSubject {
  const id = child(el, 'uniqueIdentifier')!;
  const optional = (name: string) => optionalText(el, name);
  const result: ReceivedSubject = {
    type: token(id, 'entityUniqueIdentifierType') as 'F' | 'G',
    fiscalCode: token(id, 'entityUniqueIdentifierValue').toUpperCase(),
    fullName: text(el, 'fullName'),
  };
  const fields: [keyof ReceivedSubject, string][] = [
    ['streetName', 'streetName'],
    ['civicNumber', 'civicNumber'],
    ['postalCode', 'postalCode'],
    ['city', 'city'],
    ['province', 'stateProvinceRegion'],
    ['country', 'country'],
    ['email', 'e-mail'],
  ];
  for (const [key, name] of fields) {
    const value = optional(name);
    if (value !== undefined) (result as unknown as Record<string, string>)[key] = value;
  }
  return result;
}

function transfer(el: XmlElement): ReceivedTransfer {
  const companyName = optionalText(el, 'companyName');
  const iban = optionalToken(el, 'IBAN');
  const mbd = optionalToken(el, 'MBDAttachment');
  return {
    idTransfer: token(el, 'idTransfer'),
    amountCents: amount(el, 'transferAmount'),
    fiscalCodePA: token(el, 'fiscalCodePA'),
    ...(companyName !== undefined && { companyName }),
    ...(iban !== undefined && { iban }),
    ...(mbd !== undefined && { mbdAttachment: mbd }),
    remittanceInformation: text(el, 'remittanceInformation'),
    category: token(el, 'transferCategory'),
    metadata: metadata(el),
  };
}

export function readReceiptRequest(el: XmlElement): ReceiptRequest {
  const r = child(el, 'receipt');
  if (!r) throw new RequestProblem('receipt is missing');
  const optional = (name: string) => optionalText(r, name);
  const paymentDateTime = optionalToken(r, 'paymentDateTime');
  let paidAt: Date | undefined;
  if (paymentDateTime !== undefined) {
    const parsed = parseInstant(paymentDateTime);
    if (parsed === null)
      throw new RequestProblem(`paymentDateTime ${paymentDateTime} is not a date-time Cassa can read`);
    paidAt = parsed;
  }
  const payer = child(r, 'payer');
  const standIn = optionalToken(r, 'standIn');
  const receipt: ReceivedReceipt = {
    receiptId: text(r, 'receiptId').trim(),
    noticeNumber: token(r, 'noticeNumber'),
    fiscalCode: token(r, 'fiscalCode'),
    outcome: token(r, 'outcome') as 'OK' | 'KO',
    creditorReferenceId: token(r, 'creditorReferenceId'),
    amountCents: amount(r, 'paymentAmount'),
    description: text(r, 'description'),
    companyName: text(r, 'companyName'),
    debtor: subject(child(r, 'debtor')!),
    transfers: child(r, 'transferList')!.children.map(transfer),
    idPSP: token(r, 'idPSP'),
    pspCompanyName: text(r, 'PSPCompanyName'),
    idChannel: token(r, 'idChannel'),
    channelDescription: text(r, 'channelDescription'),
    metadata: metadata(r),
  };
  const extra: Partial<ReceivedReceipt> = {
    officeName: optional('officeName'),
    pspFiscalCode: optional('pspFiscalCode'),
    pspPartitaIVA: optional('pspPartitaIVA'),
    payer: payer ? subject(payer) : undefined,
    paymentMethod: optional('paymentMethod'),
    paymentNote: optional('paymentNote'),
    feeCents: optionalAmount(r, 'fee'),
    primaryCiIncurredFeeCents: optionalAmount(r, 'primaryCiIncurredFee'),
    idBundle: optional('idBundle'),
    idCiBundle: optional('idCiBundle'),
    paidAt,
    applicationDate: optionalToken(r, 'applicationDate') as IsoDate | undefined,
    transferDate: optionalToken(r, 'transferDate') as IsoDate | undefined,
    standIn: standIn === undefined ? undefined : standIn === 'true' || standIn === '1',
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (receipt as unknown as Record<string, unknown>)[key] = value;
  }
  if (receipt.receiptId === '') throw new RequestProblem('receiptId is empty');
  return { ...address(el), receipt };
}
