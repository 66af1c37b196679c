import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../../shared/dates.ts';
import { type Cents, MAX_CENTS } from '../../shared/money.ts';
import type { InstallmentInput, PositionInput, Transfer } from './position.ts';
import { checkPositionRules, type RuleContext } from './position-rules.ts';

const IBAN = 'IT60X0542811101000000123456';
const OTHER_IBAN = 'IT13L0306909606100000012345';
const ENTITY = { fiscalCode: '80016350821', segregationCode: '02', ibans: [IBAN] };
const NOW = new Date('2026-06-15T10:00:00Z');
const CREATE: RuleContext = { entity: ENTITY, now: NOW, mode: 'create' };
const UPDATE: RuleContext = { ...CREATE, mode: 'update' };
// Aux 3, segregation code 02, bases 123 and 124, mod-93 check digits.
const NAV = '302000000000012320';
const NAV_2 = '302000000000012421';
const STAMP = { hashDocument: 'cXVlc3RhIMOoIHVuYSBwcm92YQ==', stampType: '01', provincialResidence: 'RM' };
const OPT = 'paymentOption[0]';
const INST = `${OPT}.installments[0]`;
const T0 = `${INST}.transfer[0]`;
const T1 = `${INST}.transfer[1]`;

const cents = (n: number) => n as Cents;
const date = (d: string) => d as IsoDate;

/** A position every rule accepts: €100 to the entity's IBAN plus a €0.16 digital stamp. */
function validPosition(): PositionInput {
  return {
    iupd: 'TARI-2026-0001',
    companyName: 'Comune di Prova',
    payStandIn: true,
    options: [
      {
        switchToExpired: false,
        debtor: {
          type: 'F',
          fiscalCode: 'RSSMRA85T10A562S',
          fullName: 'Mario Rossi',
          country: 'IT',
          email: 'mario.rossi@example.it',
        },
        installments: [
          {
            nav: NAV,
            amountCents: cents(10_016),
            description: 'TARI 2026',
            dueDate: date('2026-12-31'),
            metadata: [{ key: 'anno', value: '2026' }],
            transfers: [
              {
                idTransfer: '1',
                amountCents: cents(10_000),
                remittanceInformation: 'TARI 2026',
                category: '9/0101101IM/',
                iban: IBAN,
                metadata: [],
              },
              {
                idTransfer: '2',
                amountCents: cents(16),
                remittanceInformation: 'Imposta di bollo',
                category: '9/1201105IM/',
                stamp: { ...STAMP },
                metadata: [],
              },
            ],
          },
        ],
      },
    ],
  };
}

const option = (p: PositionInput) => p.options[0]!;
const inst = (p: PositionInput): InstallmentInput => option(p).installments[0]!;
const transfer = (p: PositionInput, t = 0): Transfer => inst(p).transfers[t]!;

/** Applies `change` to a fresh valid position and returns the problems found. */
function problemsAfter(change: (p: PositionInput) => void, ctx: RuleContext = CREATE) {
  const position = validPosition();
  change(position);
  const problems = checkPositionRules(position, ctx);
  for (const { message } of problems) assert.ok(message.length > 0, 'every problem has a message');
  return problems;
}

const pathsAfter = (change: (p: PositionInput) => void, ctx?: RuleContext) =>
  problemsAfter(change, ctx).map((p) => p.path);

const expectOnly = (path: string, change: (p: PositionInput) => void, ctx?: RuleContext) =>
  assert.deepEqual(pathsAfter(change, ctx), [path]);
const expectNone = (change: (p: PositionInput) => void, ctx?: RuleContext) =>
  assert.deepEqual(pathsAfter(change, ctx), []);

describe('checkPositionRules', () => {
  it('accepts a valid position, on create and on update', () => {
    assert.deepEqual(checkPositionRules(validPosition(), CREATE), []);
    assert.deepEqual(checkPositionRules(validPosition(), UPDATE), []);
  });

  it('refuses an iupd that starts with a symbol, has a space or exceeds 140 characters', () => {
    for (const iupd of ['-TARI', 'TARI 2026', 'A'.repeat(141), '']) expectOnly('iupd', (p) => (p.iupd = iupd));
    expectNone((p) => (p.iupd = `A${'.:_~@+=-'.repeat(5)}`));
  });

  it('refuses an empty company name or one over 140 characters', () => {
    expectOnly('companyName', (p) => (p.companyName = ''));
    expectOnly('companyName', (p) => (p.companyName = 'C'.repeat(141)));
    expectNone((p) => (p.companyName = 'C'.repeat(140)));
  });

  it('requires at least one payment option and one instalment per option', () => {
    expectOnly('paymentOption', (p) => (p.options = []));
    expectOnly(`${OPT}.installments`, (p) => (option(p).installments = []));
  });

  describe('debtor', () => {
    const fiscalCode = (type: 'F' | 'G', code: string) => (p: PositionInput) => {
      option(p).debtor.type = type;
      option(p).debtor.fiscalCode = code;
    };

    it('refuses a codice fiscale with a wrong check character', () => {
      expectOnly(`${OPT}.debtor.fiscalCode`, fiscalCode('F', 'RSSMRA85T10A562T'));
    });

    it('accepts an omocode codice fiscale, a valid 11-digit code and ANONIMO for a person', () => {
      expectNone(fiscalCode('F', 'RSSMRA85T10A56NH'));
      expectNone(fiscalCode('F', '80016350821'));
      expectNone(fiscalCode('F', 'ANONIMO'));
    });

    it('refuses an 11-digit code with a wrong check digit, and ANONIMO for a legal person', () => {
      expectOnly(`${OPT}.debtor.fiscalCode`, fiscalCode('F', '80016350822'));
      expectOnly(`${OPT}.debtor.fiscalCode`, fiscalCode('G', 'ANONIMO'));
    });

    it('accepts a person codice fiscale for a legal person (sole trader)', () => {
      expectNone(fiscalCode('G', 'RSSMRA85T10A562S'));
    });

    it('limits the full name to 70 characters', () => {
      expectOnly(`${OPT}.debtor.fullName`, (p) => (option(p).debtor.fullName = 'M'.repeat(71)));
      expectNone((p) => (option(p).debtor.fullName = 'M'.repeat(70)));
    });

    it('wants the country as 2 capital letters and a plausible e-mail', () => {
      for (const country of ['it', 'ITA', 'I']) {
        expectOnly(`${OPT}.debtor.country`, (p) => (option(p).debtor.country = country));
      }
      for (const email of ['mario.rossi', 'mario @example.it', '@example.it']) {
        expectOnly(`${OPT}.debtor.email`, (p) => (option(p).debtor.email = email));
      }
    });
  });

  describe('instalment', () => {
    const amount = (total: number) => (p: PositionInput) => {
      inst(p).amountCents = cents(total);
      transfer(p).amountCents = cents(total - 16);
    };

    it('accepts an amount up to MAX_CENTS and refuses more, zero, negatives and fractions', () => {
      expectNone(amount(MAX_CENTS));
      for (const bad of [MAX_CENTS + 1, 0, -100, 100.5]) {
        expectOnly(`${INST}.amount`, (p) => (inst(p).amountCents = cents(bad)));
      }
    });

    it('requires a description of 1 to 140 characters', () => {
      expectOnly(`${INST}.description`, (p) => (inst(p).description = ''));
      expectOnly(`${INST}.description`, (p) => (inst(p).description = 'D'.repeat(141)));
    });

    it('checks the supplied nav: length, aux digit, segregation code, check digits', () => {
      const cases = {
        length: '30200000000001232',
        auxDigit: '202000000000012320',
        segregation: '307000000000000105', // valid for segregation code 07, not 02
        checkDigits: '302000000000012321',
      };
      for (const nav of Object.values(cases)) expectOnly(`${INST}.nav`, (p) => (inst(p).nav = nav));
    });

    it('checks a supplied IUV the same way, and that it matches the nav', () => {
      expectNone((p) => (inst(p).iuv = NAV.slice(1)));
      expectOnly(`${INST}.iuv`, (p) => {
        delete inst(p).nav;
        inst(p).iuv = '02000000000012321';
      });
      expectOnly(`${INST}.iuv`, (p) => (inst(p).iuv = NAV_2.slice(1)));
    });

    it('refuses the same notice number twice in one position, as nav or as iuv', () => {
      const twice = (second: Partial<InstallmentInput>) => (p: PositionInput) => {
        const copy = { ...structuredClone(inst(p)), ...second };
        if (!('nav' in second)) delete copy.nav;
        p.options.push({ ...structuredClone(option(p)), installments: [copy] });
      };
      expectOnly('paymentOption[1].installments[0].nav', twice({ nav: NAV }));
      expectOnly('paymentOption[1].installments[0].iuv', twice({ iuv: NAV.slice(1) }));
      expectNone(twice({ nav: NAV_2 }));
    });
  });

  describe('transfers', () => {
    it('requires 1 to 5 transfers', () => {
      expectOnly(`${INST}.transfer`, (p) => (inst(p).transfers = []));
      expectOnly(`${INST}.transfer`, (p) => {
        inst(p).amountCents = cents(600);
        inst(p).transfers = ['1', '2', '3', '4', '5', '6'].map((idTransfer) => ({
          ...transfer(p),
          idTransfer,
          amountCents: cents(100),
        }));
      });
    });

    it('refuses a repeated idTransfer', () => {
      expectOnly(`${T1}.idTransfer`, (p) => (transfer(p, 1).idTransfer = '1'));
    });

    it('requires the transfers to add up to the instalment amount', () => {
      expectOnly(`${INST}.transfer`, (p) => (inst(p).amountCents = cents(10_017)));
      const [problem] = problemsAfter((p) => (transfer(p).amountCents = cents(9_999)));
      assert.equal(problem?.path, `${INST}.transfer`);
      assert.match(problem.message, /10015 cents.*10016/);
    });

    it('requires exactly one of iban and stamp', () => {
      expectOnly(T0, (p) => (transfer(p).stamp = { ...STAMP }));
      expectOnly(T0, (p) => delete transfer(p).iban);
    });

    it('refuses an IBAN whose mod-97 check digits do not match', () => {
      expectOnly(`${T0}.iban`, (p) => (transfer(p).iban = 'IT60X0542811101000000123457'));
    });

    it("refuses another IBAN when the entity is the beneficiary, but allows it for another beneficiary's transfer", () => {
      expectOnly(`${T0}.iban`, (p) => (transfer(p).iban = OTHER_IBAN));
      expectOnly(`${T0}.iban`, (p) => {
        transfer(p).iban = OTHER_IBAN;
        transfer(p).organizationFiscalCode = ENTITY.fiscalCode;
      });
      expectNone((p) => {
        transfer(p).iban = OTHER_IBAN;
        transfer(p).organizationFiscalCode = '01199250158';
      });
      expectOnly(`${T0}.organizationFiscalCode`, (p) => (transfer(p).organizationFiscalCode = '01199250159'));
    });

    it('allows a postal IBAN only together with an IBAN, and checks it', () => {
      expectNone((p) => (transfer(p).postalIban = OTHER_IBAN));
      expectOnly(`${T1}.postalIban`, (p) => (transfer(p, 1).postalIban = OTHER_IBAN));
      expectOnly(`${T0}.postalIban`, (p) => (transfer(p).postalIban = 'IT13L0306909606100000012346'));
    });

    it('checks the stamp fields', () => {
      const stamp = (p: PositionInput) => transfer(p, 1).stamp!;
      for (const hash of ['abc', 'not base64!', 'A'.repeat(73)]) {
        expectOnly(`${T1}.stamp.hashDocument`, (p) => (stamp(p).hashDocument = hash));
      }
      expectOnly(`${T1}.stamp.stampType`, (p) => (stamp(p).stampType = '1'));
      expectOnly(`${T1}.stamp.provincialResidence`, (p) => (stamp(p).provincialResidence = 'rm'));
    });

    it('wants the category as a taxonomy code such as 9/0101101IM/', () => {
      for (const category of ['0101101IM', '9/0101101IM', '9/0101101XX/', '5/0101101IM/']) {
        expectOnly(`${T0}.category`, (p) => (transfer(p).category = category));
      }
    });
  });

  it('allows at most 10 metadata entries with unique keys, on instalments and transfers', () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expectNone((p) => (inst(p).metadata = entries(10)));
    expectOnly(`${INST}.installmentMetadata`, (p) => (inst(p).metadata = entries(11)));
    expectOnly(`${INST}.installmentMetadata[1].key`, (p) => inst(p).metadata.push({ key: 'anno', value: '2027' }));
    expectOnly(`${T0}.transferMetadata[1].key`, (p) => {
      transfer(p).metadata = [
        { key: 'cap', value: '1' },
        { key: 'cap', value: '2' },
      ];
    });
  });

  it('refuses control characters in text but allows tabs and line breaks', () => {
    expectOnly(`${INST}.description`, (p) => (inst(p).description = 'TARI\u00072026'));
    expectOnly(`${T0}.remittanceInformation`, (p) => (transfer(p).remittanceInformation = 'TARI\u0000'));
    expectOnly(`${OPT}.debtor.fullName`, (p) => (option(p).debtor.fullName = 'Mario\u001bRossi'));
    expectNone((p) => (inst(p).description = 'TARI\t2026\r\nsaldo'));
  });

  describe('dates', () => {
    const due = (d: string) => (p: PositionInput) => (inst(p).dueDate = date(d));

    it('on create, wants a validity date in the future', () => {
      expectOnly(`${OPT}.validityDate`, (p) => (option(p).validityAt = NOW));
      expectNone((p) => (option(p).validityAt = new Date(NOW.getTime() + 60_000)));
    });

    it('on create, refuses a due date before today in Rome', () => {
      expectOnly(`${INST}.dueDate`, due('2026-06-14'));
      expectNone(due('2026-06-15'));
      // 22:30 UTC on the 15th is already the 16th in Rome.
      expectOnly(`${INST}.dueDate`, due('2026-06-15'), { ...CREATE, now: new Date('2026-06-15T22:30:00Z') });
    });

    it('refuses a due date before the validity date', () => {
      expectOnly(`${INST}.dueDate`, (p) => {
        option(p).validityAt = new Date('2026-07-01T08:00:00Z');
        inst(p).dueDate = date('2026-06-30');
      });
    });

    it('refuses a retention date before a due date', () => {
      expectOnly(`${OPT}.retentionDate`, (p) => (option(p).retentionAt = new Date('2026-12-30T12:00:00Z')));
      expectNone((p) => (option(p).retentionAt = new Date('2027-01-31T12:00:00Z')));
    });

    it('on update, allows a past validity date and a past due date unless the option switches to expired', () => {
      expectNone((p) => (option(p).validityAt = new Date('2026-01-01T00:00:00Z')), UPDATE);
      expectNone(due('2026-06-01'), UPDATE);
      expectOnly(
        `${INST}.dueDate`,
        (p) => {
          option(p).switchToExpired = true;
          inst(p).dueDate = date('2026-06-01');
        },
        UPDATE,
      );
    });
  });
});
