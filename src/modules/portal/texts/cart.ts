// The citizen portal's words, in Italian and English: the cart and the payment history
// (portal/cart.http.ts).
import type { Language } from './languages.ts';

export const CART_TEXTS = {
  cartTitle: { it: 'Carrello', en: 'Cart' },
  paymentsTitle: { it: 'Pagamenti e ricevute', en: 'Payments and receipts' },
  cartLead: {
    it: 'Metti da parte gli avvisi da pagare insieme, con un solo pagamento pagoPA.',
    en: 'Put aside the notices to pay together, in one pagoPA payment.',
  },
  cartPlaces: {
    it: 'Posti usati: {used} su {limit}. pagoPA permette di pagare al massimo {limit} avvisi alla volta.',
    en: 'Places used: {used} of {limit}. pagoPA lets you pay at most {limit} notices at a time.',
  },
  cartEmpty: {
    it: 'Il carrello è vuoto. Aggiungi gli avvisi dall’estratto conto.',
    en: 'Your cart is empty. Add notices from your account statement.',
  },
  cartAdd: { it: 'Aggiungi al carrello', en: 'Add to cart' },
  cartAdded: { it: 'Avviso aggiunto al carrello.', en: 'Notice added to your cart.' },
  cartRemove: { it: 'Togli dal carrello', en: 'Remove from cart' },
  cartRemoved: { it: 'Avviso tolto dal carrello.', en: 'Notice removed from your cart.' },
  cartInCart: { it: 'Nel carrello', en: 'In your cart' },
  cartPay: { it: 'Paga {total} con pagoPA', en: 'Pay {total} with pagoPA' },
  cartFull: {
    it: 'Il carrello è pieno: pagoPA permette di pagare al massimo 5 avvisi alla volta. Paga quelli nel carrello o togline uno.',
    en: 'Your cart is full: pagoPA lets you pay at most 5 notices at a time. Pay the ones in your cart or remove one.',
  },
  cartNotPayable: {
    it: 'Uno degli avvisi non si può più pagare (forse è già stato pagato). Toglilo dal carrello e riprova.',
    en: 'One of the notices can no longer be paid (it may be paid already). Remove it from your cart and try again.',
  },
  retryNotPayable: {
    it: 'Non si può riprovare: uno degli avvisi non si può più pagare (forse è già stato pagato).',
    en: 'This cannot be tried again: one of the notices can no longer be paid (it may be paid already).',
  },
  cartNoLongerPayable: { it: 'Non più da pagare', en: 'No longer to pay' },
  cartNothingToPay: {
    it: 'Nel carrello non ci sono avvisi da pagare.',
    en: 'There are no notices to pay in your cart.',
  },
  cartInProgress: {
    it: 'Il pagamento di uno di questi avvisi è già in corso, iniziato altrove (su un altro browser o dal sito dell’ente): per sicurezza non si può proseguire da qui. Riprova dopo le {time} del {date} (ora italiana).',
    en: 'A payment of one of these notices is already in progress, started elsewhere (in another browser or on the body’s website): for your security it cannot be continued here. Try again after {time} on {date} (Italian time).',
  },
  paymentsLead: {
    it: 'I pagamenti dei tuoi avvisi presso l’ente, da qualunque canale, con la ricevuta da scaricare.',
    en: 'The payments of your notices at this body, through any channel, with the receipt to download.',
  },
  paymentsEmpty: { it: 'Non ci sono ancora pagamenti.', en: 'There are no payments yet.' },
  paidOn: { it: 'Pagato il', en: 'Paid on' },
  pagesLabel: { it: 'Pagine', en: 'Pages' },
  previousPage: { it: 'Pagina precedente', en: 'Previous page' },
  nextPage: { it: 'Pagina successiva', en: 'Next page' },
} as const satisfies Record<string, Record<Language, string>>;
