// The use cases of the creditor entity's pagoPA station: answer a verify or an activation for one
// notice, and take in a receipt. Each returns the response payload; faults are ordinary answers.
// Nothing here is locked or changed by verify and activation: the Nodo holds the payment lock.
import type { Clock } from '../../../shared/clock.ts';
import { todayInRome } from '../../../shared/dates.ts';
import type { XmlNode } from '../../../shared/xml/xml-writer.ts';
import type { Actor } from '../../audit/audit.ts';
import type { EventsService } from '../../events/events.service.ts';
import type { NoticeLookup } from '../../positions/notice-lookup.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import { pagopaReceipts, receiptProblem } from '../../receipts/intake/channels/pagopa.ts';
import type { IntakeResult } from '../../receipts/intake/payment-channel.ts';
import type { PaymentIntake } from '../../receipts/intake/payment-intake.ts';
import { refusal } from './notice-state.ts';
import { fault, type StationFault } from './station-faults.ts';
import type { ActivationRequest, NoticeRequest, ReceiptRequest, StationAddress } from './station-requests.ts';
import { activationOk, faultResponse, needsV2, type Operation, receiptOk, verifyOk } from './station-responses.ts';

export type StationService = ReturnType<typeof stationService>;

/** What the station answered, for the call log. */
export interface StationAnswer {
  payload: XmlNode;
  outcome: 'OK' | 'KO';
  faultCode?: string | undefined;
  /** For a receipt: what it did (applied, held as an over-payment item, duplicate, conflict). */
  intake?: IntakeResult['kind'] | undefined;
  /** Something after the answer went wrong (the reconciler makes up for it); for the log. */
  warning?: string | undefined;
}

export interface StationDeps {
  clock: Clock;
  positions: Pick<PositionsService, 'lookupNotice'>;
  /** Where the receipts' money is taken in. */
  intake: Pick<PaymentIntake, 'take'>;
  /**
   * The domain events: the payment attempts follow the receipts (consumer `payment-attempts`), drained
   * before the answer so that the payer's result page shows the attempt SUCCEEDED at once.
   */
  events: Pick<EventsService, 'drain' | 'settled'>;
}

/** The station's own address check, in the order the Nodo's fault catalogue gives. */
function addressFault(
  address: StationAddress,
  lookup: NoticeLookup | undefined,
  fiscalCode: string,
): StationFault | null {
  if (!lookup || address.idPA !== fiscalCode) {
    return fault('PAA_ID_DOMINIO_ERRATO', `This station does not serve the creditor ${fiscalCode}`);
  }
  if (address.idBrokerPA !== lookup.entity.brokerId) {
    return fault('PAA_ID_INTERMEDIARIO_ERRATO', `${address.idBrokerPA} is not the broker of ${fiscalCode}`);
  }
  if (address.idStation !== lookup.entity.stationId) {
    return fault('PAA_STAZIONE_INT_ERRATA', `${address.idStation} is not the station of ${fiscalCode}`);
  }
  return null;
}

export function stationService(deps: StationDeps) {
  const { clock, positions } = deps;

  const ko = (operation: Operation, f: StationFault, id: string): StationAnswer => ({
    payload: faultResponse(operation, f, id),
    outcome: 'KO',
    faultCode: f.code,
  });

  /** The notice, or the fault that stops the Nodo from taking its payment now. */
  async function payableNotice(request: NoticeRequest) {
    const lookup = await positions.lookupNotice(request.fiscalCode, request.noticeNumber);
    const refused = addressFault(request, lookup, request.fiscalCode);
    if (refused) return { refused };
    const { entity, notice } = lookup!;
    if (!notice) {
      return {
        refused: fault('PAA_PAGAMENTO_SCONOSCIUTO', `No notice ${request.noticeNumber} of ${entity.fiscalCode}`),
      };
    }
    const today = todayInRome(clock.now());
    const stopped = refusal({ ...notice, payableAfterDue: entity.payableAfterDue }, today);
    return stopped ? { refused: stopped } : { entity, notice };
  }

  return {
    /** paVerifyPaymentNotice: the current amount and due date of a payable notice. */
    async verify(request: NoticeRequest): Promise<StationAnswer> {
      const found = await payableNotice(request);
      if (found.refused) return ko('paVerifyPaymentNotice', found.refused, request.idPA);
      return { payload: verifyOk(found.entity!, found.notice!), outcome: 'OK' };
    },

    /** paGetPayment / paGetPaymentV2: the payment data (amount again, debtor, transfers). */
    async activate(operation: 'paGetPayment' | 'paGetPaymentV2', request: ActivationRequest): Promise<StationAnswer> {
      const found = await payableNotice(request);
      if (found.refused) return ko(operation, found.refused, request.idPA);
      const { entity, notice } = found as Required<typeof found>;
      if (operation === 'paGetPayment' && needsV2(notice)) {
        return ko(
          operation,
          fault(
            'PAA_SEMANTICA',
            `Notice ${notice.nav} includes a marca da bollo: it can only be paid through paGetPaymentV2`,
          ),
          request.idPA,
        );
      }
      return {
        payload: activationOk(operation, entity, notice, { postal: request.transferType === 'POSTAL' }),
        outcome: 'OK',
      };
    },

    /** paSendRT / paSendRTV2: store the receipt, then apply it (or hold it as an over-payment item). */
    async receipt(
      operation: 'paSendRT' | 'paSendRTV2',
      request: ReceiptRequest,
      message: string,
      actor: Actor,
    ): Promise<StationAnswer> {
      const { receipt } = request;
      const lookup = await positions.lookupNotice(receipt.fiscalCode, receipt.noticeNumber);
      const refused = addressFault(request, lookup, receipt.fiscalCode);
      if (refused) return ko(operation, refused, request.idPA);
      // A receipt names its notice twice (number and IUV): when they disagree, which one was paid is
      // unknown, so nothing is stored and the Nodo is told.
      const problem = receiptProblem(receipt);
      if (problem) return ko(operation, fault('PAA_SEMANTICA', problem), request.idPA);
      // pagoPA sends receipts of successful payments only; a KO one moved no money.
      if (receipt.outcome !== 'OK') return { payload: receiptOk(operation), outcome: 'OK', intake: undefined };
      const result = await deps.intake.take(
        pagopaReceipts,
        lookup!.entity.id,
        { received: receipt, source: operation, message },
        actor,
      );
      if (result.kind === 'conflict') {
        return {
          ...ko(
            operation,
            fault(
              'PAA_RECEIPT_DUPLICATA',
              `Receipt ${receipt.receiptId} of IUV ${receipt.creditorReferenceId} was received before for another notice or amount`,
            ),
            request.idPA,
          ),
          intake: result.kind,
        };
      }
      // The receipt and its payment.received event are committed; the attempt that started the payment
      // follows now (a replayed receipt drains what a crash may have left). A drain kicked by an earlier
      // request of this process may have claimed the event first (claims skip locked rows): wait for
      // that run too, so the attempt has followed before the Nodo gets its answer.
      const drained = await deps.events.drain('payment-attempts');
      await deps.events.settled();
      const warning = drained['payment-attempts']?.failed
        ? 'payment attempt not updated yet: retried later'
        : undefined;
      return { payload: receiptOk(operation), outcome: 'OK', intake: result.kind, warning };
    },
  };
}
