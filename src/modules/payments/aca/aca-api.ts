// pagoPA's Archivio Centralizzato Avvisi (ACA, paCreatePosition.json): with synchronous integration
// the entity must keep its notices there, so that pagoPA can collect them in Stand-In when the
// station does not answer (pagopa-facts §0, §3.3). One POST creates, updates or — with amount 0 —
// withdraws one notice. The body type, what a notice of Cassa's becomes, a validator compiled from
// the OpenAPI file, and the HTTP client.

import { endOfDayRome } from '../../../shared/dates.ts';
import { openApiValidator } from '../../../shared/openapi-schema.ts';
import { unanswered } from '../../../shared/unanswered.ts';
import type { Position } from '../../positions/position.ts';

export interface AcaPosition {
  paFiscalCode: string;
  entityType: 'F' | 'G';
  entityFiscalCode: string;
  entityFullName: string;
  iuv: string;
  nav: string;
  /** Euro cents; 0 withdraws the notice. */
  amount: number;
  description: string;
  expirationDate: string;
  iban?: string;
  postalIban?: string;
  switchToExpired: boolean;
  payStandIn: boolean;
}

/** What ACA should hold for one notice: a payable body, or undefined when it must not be payable. */
export function acaBodies(
  position: Position,
  entity: { fiscalCode: string; payableAfterDue: boolean },
): { nav: string; body: AcaPosition | undefined }[] {
  const entityFiscalCode = entity.fiscalCode;
  const payable = position.status === 'VALID' || position.status === 'PARTIALLY_PAID';
  return position.options.flatMap((option) =>
    option.installments.map((i) => {
      const open =
        payable &&
        i.status === 'UNPAID' &&
        (position.settlingOption === null || position.settlingOption === option.index) &&
        position.payStandIn;
      // ACA holds one account per notice: a notice split between beneficiaries, or carrying a marca
      // da bollo, cannot be paid in Stand-In and is not uploaded.
      const [only] = i.transfers;
      const simple =
        i.transfers.length === 1 &&
        only !== undefined &&
        (only.organizationFiscalCode === undefined || only.organizationFiscalCode === entityFiscalCode) &&
        only.stamp === undefined &&
        (only.iban === undefined || only.iban.length === 27) &&
        (only.postalIban === undefined || only.postalIban.length === 27);
      if (!open || !simple) return { nav: i.nav, body: undefined };
      return {
        nav: i.nav,
        body: {
          paFiscalCode: entityFiscalCode,
          entityType: option.debtor.type,
          entityFiscalCode: option.debtor.fiscalCode,
          entityFullName: option.debtor.fullName.slice(0, 255),
          iuv: i.iuv,
          nav: i.nav,
          amount: i.amountCents,
          description: i.description.slice(0, 255),
          expirationDate: endOfDayRome(i.dueDate),
          ...(only.iban !== undefined && { iban: only.iban }),
          ...(only.postalIban !== undefined && { postalIban: only.postalIban }),
          switchToExpired: option.switchToExpired || !entity.payableAfterDue,
          payStandIn: position.payStandIn,
        },
      };
    }),
  );
}

/** The body that withdraws notice `nav` of the position from ACA: its identity, amount 0. */
export function acaWithdrawal(position: Position, nav: string, paFiscalCode: string): AcaPosition {
  const option = position.options.find((o) => o.installments.some((i) => i.nav === nav))!;
  const installment = option.installments.find((i) => i.nav === nav)!;
  return {
    paFiscalCode,
    entityType: option.debtor.type,
    entityFiscalCode: option.debtor.fiscalCode,
    entityFullName: option.debtor.fullName.slice(0, 255),
    iuv: installment.iuv,
    nav,
    amount: 0,
    description: installment.description.slice(0, 255),
    expirationDate: endOfDayRome(installment.dueDate),
    switchToExpired: option.switchToExpired,
    payStandIn: position.payStandIn,
  };
}

/** Problems of `body` against NewDebtPositionRequest (empty when valid). */
export const acaRequestProblems = openApiValidator(
  new URL('../../../../specs/pagopa/pagopa-api_SANP3.13.0/openapi/paCreatePosition.json', import.meta.url),
  'NewDebtPositionRequest',
);

export type AcaOutcome =
  | { kind: 'ok' }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'failed'; detail: string };

export interface AcaClient {
  send(body: AcaPosition): Promise<AcaOutcome>;
}

/** `POST {baseUrl}/paCreatePosition` with the subscription key. */
export function acaClient(options: { baseUrl: string; subscriptionKey: string; timeoutMs?: number }): AcaClient {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/paCreatePosition`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(body) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': options.subscriptionKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        return { kind: 'failed', detail: `ACA did not answer: ${unanswered(error, timeoutMs)}` };
      }
      const detail = (await response.text().catch(() => '')).slice(0, 500);
      if (response.ok) return { kind: 'ok' };
      if (response.status >= 400 && response.status < 500) return { kind: 'refused', status: response.status, detail };
      return { kind: 'failed', detail: `ACA answered ${response.status}: ${detail}` };
    },
  };
}
