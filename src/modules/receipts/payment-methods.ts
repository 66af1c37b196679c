// How a payment was made, in words, for receipts. The codes are what reaches Cassa's `paymentMethod`:
// pagoPA's paSendRT/paSendRTV2 `paymentMethod` (free text up to 35 characters, as each PSP fills it:
// `creditCard`, `bancomatPay`, `PPAL`, `BBT`, ... — pagopa-facts §3 and §5), the payment-type codes pagoPA
// uses for its methods (CP, BPAY, MYBK, APPL, GOOG, SATY, and the older SANP tipoVersamento codes BBT,
// BP, AD, PO, OBEP, JIF), the sandbox's own (`creditCard`, `bankTransfer`) and the words a back office
// commonly sends through `paids`. Matched without regard to case; an unknown code prints as it is.
import type { Bilingual } from './receipt-texts.ts';

const card: Bilingual = { it: 'Carta di pagamento', en: 'Payment card' };
const bancomatPay: Bilingual = { it: 'BANCOMAT Pay', en: 'BANCOMAT Pay' };
const paypal: Bilingual = { it: 'PayPal', en: 'PayPal' };
const bankTransfer: Bilingual = { it: 'Bonifico bancario', en: 'Bank transfer' };
const postalSlip: Bilingual = { it: 'Bollettino postale', en: 'Postal payment slip' };
const cash: Bilingual = { it: 'Contanti', en: 'Cash' };

const METHODS: ReadonlyMap<string, Bilingual> = new Map(
  Object.entries({
    creditcard: card,
    debitcard: { it: 'Carta di debito', en: 'Debit card' },
    cp: card,
    card,
    carta: card,
    bancomatpay: bancomatPay,
    bpay: bancomatPay,
    jif: bancomatPay,
    ppal: paypal,
    paypal,
    bbt: { it: 'Bonifico bancario telematico', en: 'Online bank transfer' },
    banktransfer: bankTransfer,
    bonifico: bankTransfer,
    bp: postalSlip,
    bollettino: postalSlip,
    ad: { it: 'Addebito diretto', en: 'Direct debit' },
    po: { it: 'Pagamento presso il prestatore di servizi', en: 'Paid at the payment service provider' },
    obep: { it: 'Home banking', en: 'Online banking' },
    mybk: { it: 'MyBank', en: 'MyBank' },
    appl: { it: 'Apple Pay', en: 'Apple Pay' },
    goog: { it: 'Google Pay', en: 'Google Pay' },
    saty: { it: 'Satispay', en: 'Satispay' },
    cash,
    contanti: cash,
    pos: { it: 'POS (carta allo sportello)', en: 'Card terminal (POS)' },
    other: { it: 'Altro', en: 'Other' },
  }),
);

/** The payment method in Italian and English; an unknown code as it is in both. */
export function paymentMethodLabel(code: string): Bilingual {
  return METHODS.get(code.trim().toLowerCase()) ?? { it: code, en: code };
}
