// Request examples of the GPD API, shown in /openapi.json and by /docs "Try it out". Each is
// accepted as it stands by an entity that has registered IT60X0542811101000000123456 (the test
// openapi-examples.test.ts posts every example of /openapi.json and checks that).

/** A complete create body: one payment option, one instalment, one transfer to the entity's IBAN. */
export const positionExample = {
  iupd: 'TARI-2030-000123',
  companyName: 'Comune di Prova',
  officeName: 'Ufficio Tributi',
  payStandIn: true,
  paymentOption: [
    {
      description: 'TARI 2030 - rata unica',
      switchToExpired: false,
      debtor: {
        type: 'F',
        fiscalCode: 'RSSMRA85T10A562S',
        fullName: 'Mario Rossi',
        streetName: 'Via Roma',
        civicNumber: '1',
        postalCode: '90100',
        city: 'Palermo',
        province: 'PA',
        country: 'IT',
        email: 'mario.rossi@example.it',
      },
      installments: [
        {
          amount: 15000,
          description: 'TARI 2030 - rata unica',
          dueDate: '2030-12-31T23:59:59',
          installmentMetadata: [{ key: 'anno', value: '2030' }],
          transfer: [
            {
              idTransfer: '1',
              amount: 15000,
              remittanceInformation: 'TARI 2030 rata unica',
              category: '9/0101101IM/',
              iban: 'IT60X0542811101000000123456',
              transferMetadata: [{ key: 'capitolo', value: '1010' }],
            },
          ],
        },
      ],
    },
  ],
};

/** A payment taken at a post office counter, recorded with `paids`. */
export const paidExample = {
  paymentDate: '2026-06-10T10:30:00',
  paymentChannel: 'POST_OFFICE',
  paymentMethod: 'bollettino',
  pspCompany: 'Poste Italiane',
  idReceipt: 'PT-2026-0001234',
};
