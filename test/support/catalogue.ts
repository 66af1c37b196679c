// Builders of catalogue service definitions (spontaneous payments) for tests, for ENTITY_A's IBAN.
import type { ServiceDefinition } from '../../src/modules/catalogue/service.ts';
import { IBAN_A } from './positions.ts';

/** A school-canteen top-up: the amount typed within 5–200 €, a text, a number, a date and a choice. */
export function canteenService(): ServiceDefinition {
  return {
    title: 'Mensa scolastica - ricarica',
    titleEn: 'School canteen - top-up',
    description: 'Ricarica del borsellino elettronico della mensa scolastica.',
    amount: { type: 'range', minCents: 500, maxCents: 20_000 } as ServiceDefinition['amount'],
    fields: [
      {
        type: 'text',
        key: 'alunno',
        label: 'Nome e cognome dell’alunno',
        labelEn: 'Pupil’s full name',
        required: true,
        minLength: 3,
        maxLength: 60,
      },
      {
        type: 'text',
        key: 'tessera',
        label: 'Numero di tessera',
        hint: 'Cinque cifre, stampate sulla tessera.',
        required: false,
        pattern: '[0-9]{5}',
      },
      { type: 'number', key: 'pasti', label: 'Numero di pasti', required: true, min: 1, max: 40 },
      {
        type: 'date',
        key: 'dal',
        label: 'Dal giorno',
        required: false,
        minDate: '2026-09-01',
        maxDate: '2027-06-30',
      } as ServiceDefinition['fields'][number],
      {
        type: 'choice',
        key: 'scuola',
        label: 'Scuola',
        required: true,
        options: [
          { value: 'primaria-verdi', label: 'Primaria G. Verdi', labelEn: 'G. Verdi primary school' },
          { value: 'infanzia-rodari', label: 'Infanzia G. Rodari' },
        ],
      },
    ],
    accounting: {
      iban: IBAN_A,
      category: '9/0401104SP/',
      remittance: 'Mensa {alunno} - {scuola}',
    },
    dueInDays: 30,
  };
}

/** A certificate at a fixed 16,00 € with no questions. */
export function certificateService(): ServiceDefinition {
  return {
    title: 'Certificato anagrafico',
    description: 'Diritti di segreteria per un certificato anagrafico.',
    amount: { type: 'fixed', cents: 1_600 } as ServiceDefinition['amount'],
    fields: [],
    accounting: { iban: IBAN_A, category: '9/0201101TS/', remittance: 'Diritti di segreteria certificato' },
    dueInDays: 10,
  };
}
