// Building paForNode's responses (SANP 3.13.0 paForNode.xsd) from what Cassa holds. Every value is
// fitted to its XSD type here (lengths cut, optional parts left out when empty or not well formed),
// so a response is valid whatever the stored data; the tests validate each one against the XSD.
import { formatSoapAmount } from '../../../shared/money.ts';
import { element, type XmlContent, type XmlNode } from '../../../shared/xml/xml-writer.ts';
import type { NoticeEntity, StationNotice } from '../../positions/notice-lookup.ts';
import type { Debtor, KeyValue, Transfer } from '../../positions/position.ts';
import { PAFN } from './soap.ts';
import { STATION_FAULTS, type StationFault } from './station-faults.ts';

/** The operations Cassa answers, with their response element. */
export const OPERATIONS = {
  paVerifyPaymentNotice: { request: 'paVerifyPaymentNoticeReq', response: 'paVerifyPaymentNoticeRes' },
  paGetPayment: { request: 'paGetPaymentReq', response: 'paGetPaymentRes' },
  paGetPaymentV2: { request: 'paGetPaymentV2Request', response: 'paGetPaymentV2Response' },
  paSendRT: { request: 'paSendRTReq', response: 'paSendRTRes' },
  paSendRTV2: { request: 'paSendRTV2Request', response: 'paSendRTV2Response' },
} as const;

export type Operation = keyof typeof OPERATIONS;

const EMAIL = /^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*$/;
const COUNTRY = /^[A-Z]{2}$/;

/** `value` cut to `max` characters (by code point), or undefined when empty. */
function fit(value: string | null | undefined, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const chars = Array.from(value.trim());
  if (chars.length === 0) return undefined;
  return chars.slice(0, max).join('');
}

/** An element for a required text: never empty (an XSD stText needs at least one character). */
const required = (name: string, value: string | null | undefined, max: number) => element(name, fit(value, max) ?? '-');
const optional = (name: string, value: string | null | undefined, max: number) => {
  const fitted = fit(value, max);
  return fitted === undefined ? undefined : element(name, fitted);
};

const amount = (name: string, cents: number) => element(name, formatSoapAmount(cents as never));

function root(operation: Operation, ...content: XmlContent[]): XmlNode {
  return element({ ns: PAFN, name: OPERATIONS[operation].response }, ...content);
}

/** The KO response of `operation` for `fault`, emitted by `id` (the entity's fiscal code). */
export function faultResponse(operation: Operation, f: StationFault, id: string): XmlNode {
  return root(
    operation,
    element('outcome', 'KO'),
    element(
      'fault',
      element('faultCode', f.code),
      element('faultString', STATION_FAULTS[f.code]),
      element('id', id),
      element('description', f.description),
    ),
  );
}

/** paSendRT / paSendRTV2: OK. */
export function receiptOk(operation: 'paSendRT' | 'paSendRTV2'): XmlNode {
  return root(operation, element('outcome', 'OK'));
}

/** allCCP: the payment can go entirely to postal accounts (every transfer has a postal IBAN). */
export function allPostal(transfers: readonly Transfer[]): boolean {
  return transfers.length > 0 && transfers.every((t) => t.postalIban !== undefined);
}

export function verifyOk(entity: NoticeEntity, notice: StationNotice): XmlNode {
  return root(
    'paVerifyPaymentNotice',
    element('outcome', 'OK'),
    element(
      'paymentList',
      element(
        'paymentOptionDescription',
        amount('amount', notice.amountCents),
        element('options', 'EQ'),
        element('dueDate', notice.dueDate),
        optional('detailDescription', notice.description, 140),
        element('allCCP', String(allPostal(notice.transfers))),
      ),
    ),
    optional('paymentDescription', notice.description, 140),
    element('fiscalCodePA', entity.fiscalCode),
    required('companyName', notice.companyName, 140),
    optional('officeName', notice.officeName, 140),
  );
}

function metadata(entries: readonly KeyValue[]): XmlNode | undefined {
  const kept = entries
    .map((m) => ({ key: fit(m.key, 140), value: fit(m.value, 140) }))
    .filter((m) => m.key !== undefined && m.value !== undefined)
    .slice(0, 15);
  if (kept.length === 0) return undefined;
  return element(
    'metadata',
    kept.map((m) => element('mapEntry', element('key', m.key!), element('value', m.value!))),
  );
}

function debtor(d: Debtor): XmlNode {
  const email = d.email && EMAIL.test(d.email) && d.email.length <= 256 ? d.email : undefined;
  const country = d.country?.toUpperCase();
  return element(
    'debtor',
    element(
      'uniqueIdentifier',
      element('entityUniqueIdentifierType', d.type),
      element('entityUniqueIdentifierValue', d.fiscalCode.trim().toUpperCase().slice(0, 16)),
    ),
    required('fullName', d.fullName, 70),
    optional('streetName', d.streetName, 70),
    optional('civicNumber', d.civicNumber, 16),
    optional('postalCode', d.postalCode, 16),
    optional('city', d.city, 35),
    optional('stateProvinceRegion', d.province, 35),
    country && COUNTRY.test(country) ? element('country', country) : undefined,
    email ? element('e-mail', email) : undefined,
  );
}

/** What activation answers with: V1 cannot carry a marca da bollo, V2 can. */
export type ActivationVersion = 'v1' | 'v2';

/**
 * The account a transfer credits. With transferType=POSTAL (a notice paid at a post office) the
 * first transfer must credit a postal account, so its postal IBAN is used when it has one.
 */
function creditedIban(t: Transfer, postal: boolean): string | undefined {
  if (postal && t.idTransfer === '1' && t.postalIban) return t.postalIban;
  return t.iban ?? t.postalIban;
}

function transfer(t: Transfer, entity: NoticeEntity, version: ActivationVersion, postal: boolean): XmlNode {
  const iban = creditedIban(t, postal);
  const account = t.stamp
    ? element(
        'richiestaMarcaDaBollo',
        element('hashDocumento', t.stamp.hashDocument),
        element('tipoBollo', t.stamp.stampType),
        element('provinciaResidenza', t.stamp.provincialResidence),
      )
    : required('IBAN', iban, 35);
  return element(
    'transfer',
    element('idTransfer', t.idTransfer),
    amount('transferAmount', t.amountCents),
    element('fiscalCodePA', t.organizationFiscalCode ?? entity.fiscalCode),
    version === 'v2' ? optional('companyName', t.companyName, 140) : undefined,
    account,
    required('remittanceInformation', t.remittanceInformation, 140),
    required('transferCategory', t.category, 140),
    metadata(t.metadata),
  );
}

/** Whether the notice needs paGetPaymentV2 (a marca da bollo cannot be expressed in V1). */
export const needsV2 = (notice: StationNotice) => notice.transfers.some((t) => t.stamp !== undefined);

export function activationOk(
  operation: 'paGetPayment' | 'paGetPaymentV2',
  entity: NoticeEntity,
  notice: StationNotice,
  options: { postal: boolean },
): XmlNode {
  const version: ActivationVersion = operation === 'paGetPaymentV2' ? 'v2' : 'v1';
  return root(
    operation,
    element('outcome', 'OK'),
    element(
      'data',
      element('creditorReferenceId', notice.iuv),
      amount('paymentAmount', notice.amountCents),
      element('dueDate', notice.dueDate),
      required('description', notice.description, 140),
      // Optional in V1, required in V2: always sent.
      required('companyName', notice.companyName, 140),
      optional('officeName', notice.officeName, 140),
      debtor(notice.debtor),
      element(
        'transferList',
        notice.transfers.map((t) => transfer(t, entity, version, options.postal)),
      ),
      metadata(notice.metadata),
    ),
  );
}
