// The demo entity's catalogue of spontaneous payments: a canteen top-up (amount typed by the
// citizen), a certificate (fixed amount) and a sports-hall booking (a date and a choice).
import type { ServiceDefinition } from '../catalogue/service.ts';

export function demoServices(iban: string): ServiceDefinition[] {
  return [
    {
      title: 'Mensa scolastica - ricarica',
      titleEn: 'School canteen - top-up',
      description:
        'Ricarica il borsellino elettronico della mensa scolastica di tuo figlio o tua figlia. Ogni pasto costa 4,50 €.',
      descriptionEn: 'Top up the electronic wallet of your child’s school canteen. Each meal costs 4,50 €.',
      amount: { type: 'range', minCents: 450, maxCents: 30_000 } as ServiceDefinition['amount'],
      fields: [
        {
          type: 'text',
          key: 'alunno',
          label: 'Nome e cognome dell’alunno',
          labelEn: 'Pupil’s full name',
          required: true,
          minLength: 3,
          maxLength: 70,
        },
        {
          type: 'choice',
          key: 'scuola',
          label: 'Scuola',
          labelEn: 'School',
          required: true,
          options: [
            { value: 'infanzia-rodari', label: 'Scuola dell’infanzia G. Rodari', labelEn: 'G. Rodari nursery school' },
            { value: 'primaria-verdi', label: 'Scuola primaria G. Verdi', labelEn: 'G. Verdi primary school' },
            { value: 'media-fermi', label: 'Scuola media E. Fermi', labelEn: 'E. Fermi middle school' },
          ],
        },
        {
          type: 'text',
          key: 'classe',
          label: 'Classe',
          labelEn: 'Class',
          hint: 'Per esempio 3B.',
          hintEn: 'For example 3B.',
          required: false,
          pattern: '[1-5][A-Za-z]',
        },
      ],
      accounting: { iban, category: '9/0401104SP/', remittance: 'Ricarica mensa {alunno} {classe}' },
      dueInDays: 15,
    },
    {
      title: 'Certificato anagrafico',
      titleEn: 'Registry certificate',
      description: 'Diritti di segreteria per il rilascio di un certificato anagrafico (residenza, stato di famiglia).',
      descriptionEn: 'Administrative fee for a registry certificate (residence, family status).',
      amount: { type: 'fixed', cents: 52 } as ServiceDefinition['amount'],
      fields: [
        {
          type: 'choice',
          key: 'tipo',
          label: 'Certificato richiesto',
          labelEn: 'Certificate requested',
          required: true,
          options: [
            { value: 'residenza', label: 'Residenza', labelEn: 'Residence' },
            { value: 'famiglia', label: 'Stato di famiglia', labelEn: 'Family status' },
          ],
        },
      ],
      accounting: { iban, category: '9/0201101TS/', remittance: 'Diritti certificato {tipo}' },
      dueInDays: 10,
    },
    {
      title: 'Palestra comunale - prenotazione',
      titleEn: 'Municipal sports hall - booking',
      description:
        'Tariffa oraria per l’uso della palestra comunale da parte di associazioni e privati: 18,00 € l’ora.',
      descriptionEn: 'Hourly fee for the use of the municipal sports hall by clubs and individuals: 18,00 € an hour.',
      amount: { type: 'range', minCents: 1_800, maxCents: 14_400 } as ServiceDefinition['amount'],
      fields: [
        {
          type: 'date',
          key: 'giorno',
          label: 'Giorno della prenotazione',
          labelEn: 'Day of the booking',
          required: true,
        },
        {
          type: 'number',
          key: 'ore',
          label: 'Ore',
          labelEn: 'Hours',
          required: true,
          min: 1,
          max: 8,
        },
      ],
      accounting: { iban, category: '9/0601103SP/', remittance: 'Palestra {giorno} ({ore} ore)' },
      dueInDays: 7,
    },
  ];
}
