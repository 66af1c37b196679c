// The built-in pagoPA sandbox: a simulated Checkout for laptops and tests, with no pagoPA account.
// It takes carts exactly as Checkout's EC API specifies them (validated against checkout_v2.json),
// shows a payment page, and then does what the real Nodo does — over HTTP, against Cassa's own
// station: paVerifyPaymentNotice and paGetPaymentV2 for each notice, then paSendRTV2 with the
// receipt when the simulated payment succeeds — and sends the payer back to the right return URL.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import type { XmlElement } from '../../../shared/xml/safe-xml.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import { type CheckoutClient, cartRequestProblems } from '../checkout/checkout-api.ts';
import { readEnvelope } from '../station/soap.ts';
import {
  activationRequest,
  type ReceiptTransferFields,
  receiptRequest,
  type StationAddress,
  verifyRequest,
} from './nodo-messages.ts';
import { findCart, insertCart, moveCart, type SandboxCart } from './sandbox.db.ts';

export type SandboxService = ReturnType<typeof sandboxService>;

/** The simulated payment methods and their test card numbers. */
export const TEST_CARDS = {
  '4242424242424242': 'success',
  '4000000000000002': 'declined',
  '4000000000000119': 'timeout',
} as const satisfies Record<string, 'success' | 'declined' | 'timeout'>;

export type SandboxChoice = { method: 'card'; card: string } | { method: 'bank' } | { method: 'cancel' };

/** What the payer sees after paying: where to go, and what happened. */
export interface SandboxResult {
  outcome: 'paid' | 'declined' | 'timeout' | 'cancelled' | 'failed';
  redirectTo: string;
  detail?: string;
}

export class SandboxChoiceError extends Error {}

const PSP = { idPSP: 'CASSA-SANDBOX', pspCompanyName: 'pagoPA sandbox (simulazione)', idChannel: 'CASSA-SANDBOX_01' };

/** Italian wall-clock time, as the Nodo writes paymentDateTime. */
function romeLocal(now: Date): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return parts.replace(' ', 'T');
}

const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);
const text = (el: XmlElement | undefined, ...path: string[]) => {
  let at = el;
  for (const name of path) at = child(at, name);
  return at?.text;
};

export function sandboxService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  publicUrl: string;
}) {
  const { db, clock } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');

  async function call(stationUrl: string, operation: string, xml: string): Promise<XmlElement> {
    const response = await fetch(stationUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
      body: xml,
      signal: AbortSignal.timeout(operation.startsWith('paSendRT') ? 15_000 : 7_000),
    });
    const payload = readEnvelope(Buffer.from(await response.arrayBuffer()));
    return payload;
  }

  /** Verify and activate every notice of the cart, as the Nodo does before taking the money. */
  async function activate(cart: SandboxCart, stationUrl: string) {
    const activated: {
      notice: SandboxCart['request']['paymentNotices'][number];
      address: StationAddress;
      data: XmlElement;
    }[] = [];
    for (const notice of cart.request.paymentNotices) {
      const entity = await deps.entities.byFiscalCode(notice.fiscalCode);
      if (!entity) throw new Error(`no creditor ${notice.fiscalCode} on this Cassa`);
      const address = { idPA: entity.fiscalCode, idBrokerPA: entity.brokerId, idStation: entity.stationId };
      const verified = await call(stationUrl, 'paVerifyPaymentNotice', verifyRequest(address, notice.noticeNumber));
      if (text(verified, 'outcome') !== 'OK') {
        throw new Error(
          `${notice.noticeNumber}: ${text(verified, 'fault', 'faultCode')} ${text(verified, 'fault', 'description') ?? ''}`,
        );
      }
      const got = await call(
        stationUrl,
        'paGetPaymentV2',
        activationRequest('paGetPaymentV2', address, notice.noticeNumber, {
          paymentNote: cart.request.idCart ?? cart.id,
        }),
      );
      if (text(got, 'outcome') !== 'OK') {
        throw new Error(
          `${notice.noticeNumber}: ${text(got, 'fault', 'faultCode')} ${text(got, 'fault', 'description') ?? ''}`,
        );
      }
      activated.push({ notice, address, data: child(got, 'data')! });
    }
    return activated;
  }

  async function sendReceipts(
    cart: SandboxCart,
    stationUrl: string,
    activated: Awaited<ReturnType<typeof activate>>,
    method: 'card' | 'bank',
  ) {
    const paidAt = romeLocal(clock.now());
    for (const { notice, address, data } of activated) {
      const transfers: ReceiptTransferFields[] = (child(data, 'transferList')?.children ?? []).map((t) => {
        const stamp = child(t, 'richiestaMarcaDaBollo');
        return {
          idTransfer: text(t, 'idTransfer')!,
          amount: text(t, 'transferAmount')!,
          fiscalCodePA: text(t, 'fiscalCodePA')!,
          companyName: text(t, 'companyName'),
          iban: text(t, 'IBAN'),
          // The sandbox "buys" the marca da bollo: a token standing for the signed XML a PSP would send.
          mbdAttachment: stamp
            ? Buffer.from(`<marcaDaBollo sandbox="true" hash="${text(stamp, 'hashDocumento')}"/>`).toString('base64')
            : undefined,
          remittanceInformation: text(t, 'remittanceInformation')!,
          category: text(t, 'transferCategory')!,
        };
      });
      const debtor = child(data, 'debtor');
      const xml = receiptRequest('paSendRTV2', address, {
        receiptId: randomBytes(16).toString('hex'),
        nav: notice.noticeNumber,
        iuv: text(data, 'creditorReferenceId')!,
        fiscalCode: notice.fiscalCode,
        amount: text(data, 'paymentAmount')!,
        description: text(data, 'description'),
        companyName: text(data, 'companyName'),
        debtor: {
          type: text(debtor, 'uniqueIdentifier', 'entityUniqueIdentifierType') as 'F' | 'G',
          fiscalCode: text(debtor, 'uniqueIdentifier', 'entityUniqueIdentifierValue')!,
          fullName: text(debtor, 'fullName')!,
        },
        transfers,
        ...PSP,
        channelDescription: 'sandbox',
        paymentMethod: method === 'card' ? 'creditCard' : 'bankTransfer',
        paymentNote: cart.request.idCart ?? cart.id,
        fee: method === 'card' ? '1.00' : '0.50',
        paymentDateTime: paidAt,
      });
      // The Nodo insists until the station says OK; the sandbox tries a few times.
      let answered: string | undefined;
      for (let attempt = 0; attempt < 3 && answered !== 'OK'; attempt++) {
        answered = await call(stationUrl, 'paSendRTV2', xml)
          .then((res) => text(res, 'outcome'))
          .catch(() => undefined);
      }
      if (answered !== 'OK') throw new Error(`the station did not take the receipt of ${notice.noticeNumber}`);
    }
  }

  return {
    /** The sandbox as Cassa's Checkout: carts stored here, paid on the sandbox's own page. */
    checkout(): CheckoutClient {
      return {
        kind: 'sandbox',
        async createCart(request) {
          const problems = cartRequestProblems(request);
          if (problems.length > 0) return { kind: 'refused', status: 400, detail: problems.join('; ') };
          const now = clock.now();
          const id = uuidv7(now.getTime());
          await insertCart(db, { id, request, status: 'OPEN', createdAt: now });
          return { kind: 'created', location: `${publicUrl}/sandbox/checkout/${id}` };
        },
      };
    },

    cart: (id: string) => findCart(db, id),

    /**
     * The payer's choice on the sandbox page. Each cart is paid (or refused) once: a second submit
     * finds it closed and only learns where to go.
     */
    async pay(id: string, choice: SandboxChoice, stationUrl: string): Promise<SandboxResult | undefined> {
      const cart = await findCart(db, id);
      if (!cart) return undefined;
      const urls = cart.request.returnUrls;
      const now = clock.now();
      let card: (typeof TEST_CARDS)[keyof typeof TEST_CARDS] | undefined;
      if (choice.method === 'card') {
        card = TEST_CARDS[choice.card.replace(/[\s-]/g, '') as keyof typeof TEST_CARDS];
        if (!card)
          throw new SandboxChoiceError(
            'Usa uno dei numeri di carta di prova indicati · Use one of the test card numbers shown',
          );
      }
      const target =
        choice.method === 'cancel'
          ? 'CANCELLED'
          : card === 'declined'
            ? 'DECLINED'
            : card === 'timeout'
              ? 'TIMED_OUT'
              : 'PAID';
      if (!(await moveCart(db, id, 'OPEN', target, now))) {
        const closed = (await findCart(db, id))!;
        const redirectTo =
          closed.status === 'PAID'
            ? urls.returnOkUrl
            : closed.status === 'CANCELLED'
              ? urls.returnCancelUrl
              : urls.returnErrorUrl;
        return { outcome: 'failed', redirectTo, detail: 'This cart was already paid or closed' };
      }
      if (target === 'CANCELLED') return { outcome: 'cancelled', redirectTo: urls.returnCancelUrl };
      let activated: Awaited<ReturnType<typeof activate>>;
      try {
        activated = await activate(cart, stationUrl);
      } catch (error) {
        // Nothing was paid: the cart is refused, as Checkout refuses a notice the Nodo cannot activate.
        if (target === 'PAID') await moveCart(db, id, 'PAID', 'DECLINED', clock.now());
        return { outcome: 'failed', redirectTo: urls.returnErrorUrl, detail: (error as Error).message };
      }
      if (target === 'DECLINED') return { outcome: 'declined', redirectTo: urls.returnErrorUrl };
      if (target === 'TIMED_OUT') return { outcome: 'timeout', redirectTo: urls.returnWaitingUrl };
      try {
        await sendReceipts(cart, stationUrl, activated, choice.method === 'bank' ? 'bank' : 'card');
      } catch (error) {
        // Paid, but a receipt did not get through: the payer waits, as with a slow receipt.
        return { outcome: 'failed', redirectTo: urls.returnWaitingUrl, detail: (error as Error).message };
      }
      return { outcome: 'paid', redirectTo: urls.returnOkUrl };
    },
  };
}
