// The demo entity: "Comune di Demo" with about fifty realistic positions (single payments, instalment
// plans, some paid with their receipts, some expired), created through the same services a real back
// office uses. The demo API key is public on purpose (printed at every start); it only reaches the
// demo entity.
import { createServices, type Services } from '../../services.ts';
import { addDays, type IsoDate, todayInRome } from '../../shared/dates.ts';
import { personCheckCharacter } from '../../shared/identifiers/fiscal-code.ts';
import { type Actor, jobActor } from '../audit/audit.ts';
import type { Entity } from '../entities/entity.ts';
import type { GpdPosition } from '../positions/gpd-v3.mapper.ts';
import { demoServices } from './demo-services.ts';

export const DEMO_FISCAL_CODE = '80001234568';
export const DEMO_API_KEY = 'cassa_demo_public_key_for_comune_di_demo_only';
const IBAN = 'IT60X0542811101000000123456';
const actor: Actor = jobActor('demo-seed');

const PEOPLE: [string, string][] = [
  ['RSSMRA80A01H501', 'Mario Rossi'],
  ['BNCLRA85M41F205', 'Laura Bianchi'],
  ['VRDGPP72C15L219', 'Giuseppe Verdi'],
  ['FRRNNA90E50A662', 'Anna Ferrari'],
  ['ESPLCU66T10G273', 'Luca Esposito'],
  ['RMNCHR95D62H501', 'Chiara Romano'],
  ['CLMMRC78H20F839', 'Marco Colombo'],
  ['RCCFNC83S58D969', 'Francesca Ricci'],
  ['MRNSFN70B12L736', 'Stefano Marino'],
  ['GRCLSN88R55C351', 'Alessandra Greco'],
];
/** The demo's citizens (made up), whom the sandbox's pretend sign-in offers. */
export const DEMO_CITIZENS: readonly { fiscalCode: string; fullName: string }[] = PEOPLE.map(([cf15, fullName]) => ({
  fiscalCode: cf15 + personCheckCharacter(cf15),
  fullName,
}));

const debtor = (i: number) => {
  const [cf15, fullName] = PEOPLE[i % PEOPLE.length]!;
  return { type: 'F' as const, fiscalCode: cf15 + personCheckCharacter(cf15), fullName, city: 'Demo', country: 'IT' };
};

interface Kind {
  label: string;
  category: string;
  cents: number;
  /** Number of instalments offered besides paying in full (0 = single payment). */
  instalments: number;
}

const KINDS: Kind[] = [
  { label: 'TARI 2026 - tassa rifiuti', category: '9/0101101IM/', cents: 31450, instalments: 3 },
  { label: 'Mensa scolastica - ricarica', category: '9/0401104SP/', cents: 8000, instalments: 0 },
  { label: 'Sanzione codice della strada', category: '9/0102100SA/', cents: 16800, instalments: 0 },
  { label: 'Canone unico patrimoniale', category: '9/0101108TS/', cents: 12000, instalments: 2 },
  { label: 'Lampade votive cimiteriali', category: '9/0601103SP/', cents: 2400, instalments: 0 },
  { label: 'Diritti di segreteria', category: '9/0201101TS/', cents: 5164, instalments: 0 },
];

function position(i: number, kind: Kind, due: IsoDate, switchToExpired: boolean): GpdPosition {
  const transfer = (cents: number, text: string) => [
    { idTransfer: '1', amount: cents, remittanceInformation: text, category: kind.category, iban: IBAN },
  ];
  const single = {
    debtor: debtor(i),
    switchToExpired,
    installments: [
      { amount: kind.cents, description: kind.label, dueDate: due, transfer: transfer(kind.cents, kind.label) },
    ],
  };
  const options = [single];
  if (kind.instalments > 0) {
    const share = Math.floor(kind.cents / kind.instalments);
    options.push({
      debtor: debtor(i),
      switchToExpired,
      installments: Array.from({ length: kind.instalments }, (_, n) => {
        const cents = n === kind.instalments - 1 ? kind.cents - share * (kind.instalments - 1) : share;
        const text = `${kind.label} - rata ${n + 1} di ${kind.instalments}`;
        return { amount: cents, description: text, dueDate: addDays(due, 60 * n), transfer: transfer(cents, text) };
      }),
    });
  }
  return { iupd: `DEMO-${String(i + 1).padStart(4, '0')}`, companyName: 'Comune di Demo', paymentOption: options };
}

/** Creates the demo entity and its positions when the database has no demo entity yet. */
export async function seedDemo(
  services: Services,
  now = services.clock.now(),
): Promise<{ created: boolean; entity: Entity }> {
  const existing = await services.entities.byFiscalCode(DEMO_FISCAL_CODE);
  if (existing) return { created: false, entity: existing };
  const entity = await services.entities.create(
    {
      fiscalCode: DEMO_FISCAL_CODE,
      name: 'Comune di Demo',
      sector: 'Servizi al cittadino',
      info: 'www.comune.demo.it · tributi@comune.demo.it · 0123 456789',
      cbill: 'A0DEM',
      segregationCode: '01',
      postalAccount: '001234567890',
      ibans: [IBAN],
    },
    actor,
  );
  await services.apiKeys.createWithSecret(entity.fiscalCode, 'demo (public)', DEMO_API_KEY, actor);

  // Positions due long ago are created "in the past" with a clock set back, as they really would
  // have been, then the scheduler's own rule moves them to EXPIRED.
  const past = new Date(now.getTime() - 200 * 86_400_000);
  const pastServices = createServices(services.database, { clock: { now: () => past } });
  const today = todayInRome(now);
  for (let i = 0; i < 48; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const expired = i % 8 === 7;
    const svc = expired ? pastServices : services;
    const due = expired ? addDays(todayInRome(past), 30) : addDays(today, 15 + ((i * 11) % 300));
    const body = position(i, kind, due, expired);
    const created = await svc.positions.create(entity, body, { toPublish: i % 12 !== 11 }, actor);
    if (i % 5 === 1 && created.status === 'VALID') {
      const nav = created.options[0]!.installments[0]!.nav;
      const channel = i % 2 === 0 ? 'POST_OFFICE' : 'BANK';
      await services.receipts.recordPayment(entity, nav, { source: 'paids', channel, method: 'demo' }, actor);
    } else if (i % 5 === 3 && created.options.length > 1) {
      const nav = created.options[1]!.installments[0]!.nav;
      await services.receipts.recordPayment(
        entity,
        nav,
        { source: 'paids', channel: 'COUNTER', method: 'demo' },
        actor,
      );
    }
  }
  for (const definition of demoServices(IBAN)) await services.catalogue.create(entity, definition, actor);
  await services.lifecycle.advanceByTime(actor);
  return { created: true, entity };
}
