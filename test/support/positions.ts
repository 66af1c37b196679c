// Builders of GPD v3 request bodies for tests. Dates are after the test clock (2026-06-15).
import type { GpdPosition } from '../../src/modules/positions/gpd-v3.mapper.ts';

export const IBAN_A = 'IT60X0542811101000000123456';
export const DEBTOR = { type: 'F' as const, fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' };

const transfer = (cents: number, iban = IBAN_A) => [
  { idTransfer: '1', amount: cents, remittanceInformation: 'TARI 2026', category: '9/0101101IM/', iban },
];

/** One option with one instalment: a single payment. */
export function singlePayment(iupd: string, cents = 15_000, dueDate = '2026-12-31', iban = IBAN_A): GpdPosition {
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        debtor: DEBTOR,
        switchToExpired: false,
        installments: [{ amount: cents, description: 'TARI 2026', dueDate, transfer: transfer(cents, iban) }],
      },
    ],
  };
}

/** Pay in full (option 0) or in `count` instalments (option 1). */
export function fullOrInstalments(iupd: string, count = 3, cents = 30_000, iban = IBAN_A): GpdPosition {
  const share = cents / count;
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        debtor: DEBTOR,
        switchToExpired: false,
        installments: [
          {
            amount: cents,
            description: 'TARI 2026 - rata unica',
            dueDate: '2026-09-30',
            transfer: transfer(cents, iban),
          },
        ],
      },
      {
        debtor: DEBTOR,
        switchToExpired: false,
        installments: Array.from({ length: count }, (_, i) => ({
          amount: share,
          description: `TARI 2026 - rata ${i + 1}`,
          // Monthly from September 2026 (the 28th exists in every month).
          dueDate: `${2026 + Math.floor((8 + i) / 12)}-${String(((8 + i) % 12) + 1).padStart(2, '0')}-${i < 4 ? '30' : '28'}`,
          transfer: transfer(share, iban),
        })),
      },
    ],
  };
}
