// pagoPA Checkout's EC API (checkout_v2.json, SANP 3.13.0): `POST /carts` takes 1–5 notices and the
// four return URLs and answers 302 with the Checkout page to send the payer to (pagopa-facts §3.9).
// The request type, and a validator compiled from the OpenAPI file itself, used by the sandbox and
// by the tests' fake Checkout so that what Cassa sends is what pagoPA specifies.
import { openApiValidator } from '../../../shared/openapi-schema.ts';
import { unanswered } from '../../../shared/unanswered.ts';

export interface CartRequest {
  paymentNotices: {
    noticeNumber: string;
    fiscalCode: string;
    /** Euro cents. */
    amount: number;
    companyName: string;
    description: string;
  }[];
  returnUrls: { returnOkUrl: string; returnCancelUrl: string; returnErrorUrl: string; returnWaitingUrl: string };
  idCart?: string;
  emailNotice?: string;
  allCCP?: boolean;
}

/** What came of asking Checkout for a cart. */
export type CartOutcome =
  /** 302: the page to send the payer to. */
  | { kind: 'created'; location: string }
  /** 4xx: Checkout refused the cart; nothing will be paid. */
  | { kind: 'refused'; status: number; detail: string }
  /** Timeout, network error or 5xx: the cart may or may not exist. */
  | { kind: 'unknown'; detail: string };

export interface CheckoutClient {
  readonly kind: 'sandbox' | 'pagopa';
  createCart(request: CartRequest): Promise<CartOutcome>;
}

/** Problems of `body` against CartRequestV2 (empty when valid). */
export const cartRequestProblems = openApiValidator(
  new URL('../../../../specs/pagopa/pagopa-api_SANP3.13.0/openapi/checkout_v2.json', import.meta.url),
  'CartRequestV2',
);

/** The real Checkout: `POST {baseUrl}/carts` with the subscription key; never follows the 302. */
export function pagopaCheckout(options: {
  baseUrl: string;
  subscriptionKey: string;
  timeoutMs?: number;
}): CheckoutClient {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/carts`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    kind: 'pagopa',
    async createCart(request) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': options.subscriptionKey },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        // The cart may exist all the same: the attempt waits for its receipt (UNKNOWN), never FAILED.
        return { kind: 'unknown', detail: `Checkout did not answer: ${unanswered(error, timeoutMs)}` };
      }
      const location = response.headers.get('location');
      if (response.status === 302 && location) {
        await response.body?.cancel();
        return { kind: 'created', location: new URL(location, url).toString() };
      }
      const detail = (await response.text().catch(() => '')).slice(0, 500);
      if (response.status >= 400 && response.status < 500) return { kind: 'refused', status: response.status, detail };
      return { kind: 'unknown', detail: `Checkout answered ${response.status}: ${detail}` };
    },
  };
}

/** With neither a real Checkout nor the sandbox configured, online payment is refused (CLI, jobs). */
export const unavailableCheckout: CheckoutClient = {
  kind: 'pagopa',
  createCart: async () => ({ kind: 'refused', status: 503, detail: 'no pagoPA Checkout is configured' }),
};
