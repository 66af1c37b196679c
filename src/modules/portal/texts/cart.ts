// The citizen portal's words, in Italian and English: the cart and the payment history
// (portal/cart.http.ts).
import type { Language } from './languages.ts';

export const CART_TEXTS = {
  cartTitle: { it: 'Carrello', en: 'Cart', de: 'Warenkorb' },
  paymentsTitle: { it: 'Pagamenti e ricevute', en: 'Payments and receipts', de: 'Zahlungen und Quittungen' },
  cartLead: {
    it: 'Metti da parte gli avvisi da pagare insieme, con un solo pagamento pagoPA.',
    en: 'Put aside the notices to pay together, in one pagoPA payment.',
    de: 'Legen Sie die Zahlungsaufforderungen beiseite, die Sie zusammen in einer einzigen pagoPA-Zahlung begleichen möchten.',
  },
  cartPlaces: {
    it: 'Posti usati: {used} su {limit}. pagoPA permette di pagare al massimo {limit} avvisi alla volta.',
    en: 'Places used: {used} of {limit}. pagoPA lets you pay at most {limit} notices at a time.',
    de: 'Belegte Plätze: {used} von {limit}. Mit pagoPA können Sie höchstens {limit} Zahlungsaufforderungen auf einmal bezahlen.',
  },
  cartEmpty: {
    it: 'Il carrello è vuoto. Aggiungi gli avvisi dall’estratto conto.',
    en: 'Your cart is empty. Add notices from your account statement.',
    de: 'Ihr Warenkorb ist leer. Fügen Sie Zahlungsaufforderungen aus Ihrem Kontoauszug hinzu.',
  },
  cartAdd: { it: 'Aggiungi al carrello', en: 'Add to cart', de: 'In den Warenkorb' },
  cartAdded: {
    it: 'Avviso aggiunto al carrello.',
    en: 'Notice added to your cart.',
    de: 'Zahlungsaufforderung in den Warenkorb gelegt.',
  },
  cartRemove: { it: 'Togli dal carrello', en: 'Remove from cart', de: 'Aus dem Warenkorb entfernen' },
  cartRemoved: {
    it: 'Avviso tolto dal carrello.',
    en: 'Notice removed from your cart.',
    de: 'Zahlungsaufforderung aus dem Warenkorb entfernt.',
  },
  cartInCart: { it: 'Nel carrello', en: 'In your cart', de: 'Im Warenkorb' },
  cartPay: { it: 'Paga {total} con pagoPA', en: 'Pay {total} with pagoPA', de: '{total} mit pagoPA bezahlen' },
  cartFull: {
    it: 'Il carrello è pieno: pagoPA permette di pagare al massimo 5 avvisi alla volta. Paga quelli nel carrello o togline uno.',
    en: 'Your cart is full: pagoPA lets you pay at most 5 notices at a time. Pay the ones in your cart or remove one.',
    de: 'Ihr Warenkorb ist voll: Mit pagoPA können Sie höchstens 5 Zahlungsaufforderungen auf einmal bezahlen. Bezahlen Sie die im Warenkorb oder entfernen Sie eine.',
  },
  cartNotPayable: {
    it: 'Uno degli avvisi non si può più pagare (forse è già stato pagato). Toglilo dal carrello e riprova.',
    en: 'One of the notices can no longer be paid (it may be paid already). Remove it from your cart and try again.',
    de: 'Eine der Zahlungsaufforderungen kann nicht mehr bezahlt werden (vielleicht ist sie schon bezahlt). Entfernen Sie sie aus dem Warenkorb und versuchen Sie es erneut.',
  },
  retryNotPayable: {
    it: 'Non si può riprovare: uno degli avvisi non si può più pagare (forse è già stato pagato).',
    en: 'This cannot be tried again: one of the notices can no longer be paid (it may be paid already).',
    de: 'Das kann nicht erneut versucht werden: Eine der Zahlungsaufforderungen kann nicht mehr bezahlt werden (vielleicht ist sie schon bezahlt).',
  },
  cartNoLongerPayable: { it: 'Non più da pagare', en: 'No longer to pay', de: 'Nicht mehr zu zahlen' },
  cartNothingToPay: {
    it: 'Nel carrello non ci sono avvisi da pagare.',
    en: 'There are no notices to pay in your cart.',
    de: 'In Ihrem Warenkorb gibt es keine Zahlungsaufforderungen zu bezahlen.',
  },
  cartInProgress: {
    it: 'Il pagamento di uno di questi avvisi è già in corso, iniziato altrove (su un altro browser o dal sito dell’ente): per sicurezza non si può proseguire da qui. Riprova dopo le {time} del {date} (ora italiana).',
    en: 'A payment of one of these notices is already in progress, started elsewhere (in another browser or on the body’s website): for your security it cannot be continued here. Try again after {time} on {date} (Italian time).',
    de: 'Eine Zahlung einer dieser Zahlungsaufforderungen ist bereits im Gange, anderswo begonnen (in einem anderen Browser oder auf der Website der Körperschaft): Zu Ihrer Sicherheit kann sie hier nicht fortgesetzt werden. Versuchen Sie es nach {time} Uhr am {date} (italienische Zeit) erneut.',
  },
  paymentsLead: {
    it: 'I pagamenti dei tuoi avvisi presso l’ente, da qualunque canale, con la ricevuta da scaricare.',
    en: 'The payments of your notices at this body, through any channel, with the receipt to download.',
    de: 'Die Zahlungen Ihrer Zahlungsaufforderungen bei dieser Körperschaft, über jeden Kanal, mit der Quittung zum Herunterladen.',
  },
  paymentsEmpty: {
    it: 'Non ci sono ancora pagamenti.',
    en: 'There are no payments yet.',
    de: 'Es gibt noch keine Zahlungen.',
  },
  paidOn: { it: 'Pagato il', en: 'Paid on', de: 'Bezahlt am' },
  pagesLabel: { it: 'Pagine', en: 'Pages', de: 'Seiten' },
  previousPage: { it: 'Pagina precedente', en: 'Previous page', de: 'Vorherige Seite' },
  nextPage: { it: 'Pagina successiva', en: 'Next page', de: 'Nächste Seite' },
} as const satisfies Record<string, Record<Language, string>>;
