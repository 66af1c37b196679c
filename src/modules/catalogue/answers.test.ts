// Unit tests of a service's rules: the definition checks and the citizen's answers, including
// amounts typed the Italian way read exactly to the cent, and the causale filled in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AMOUNT_INPUT, checkAnswers } from './answers.ts';
import {
  type CatalogueService,
  checkServiceDefinition,
  normalizeDefinition,
  remittanceOf,
  type ServiceDefinition,
} from './service.ts';

const IBAN = 'IT60X0542811101000000123456';

function definition(over: Partial<ServiceDefinition> = {}): ServiceDefinition {
  return {
    title: 'Ricarica mensa',
    description: '',
    amount: { type: 'range', minCents: 100, maxCents: 10_000 } as ServiceDefinition['amount'],
    fields: [
      { type: 'text', key: 'nome', label: 'Nome', hint: 'Solo lettere.', required: true, pattern: '[A-Za-z ]+' },
      { type: 'number', key: 'pasti', label: 'Pasti', required: false, min: -2, max: 40 },
    ],
    accounting: { iban: IBAN, category: '9/0401104SP/', remittance: 'Mensa {nome}' },
    dueInDays: 30,
    ...over,
  };
}

const service = (over: Partial<ServiceDefinition> = {}): CatalogueService => ({
  ...definition(over),
  id: '01234567-89ab-7def-8123-456789abcdef',
  entityId: 'e',
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
  retiredAt: null,
});

describe('checkServiceDefinition', () => {
  it('accepts a consistent definition, with an IBAN written with spaces and lowercase', () => {
    const def = normalizeDefinition(
      definition({
        accounting: { iban: 'it60 x054 2811 1010 0000 0123 456', category: '9/0401104SP/', remittance: 'x' },
      }),
    );
    assert.equal(def.accounting.iban, IBAN);
    assert.deepEqual(checkServiceDefinition(def, { ibans: [IBAN] }), []);
  });

  it('names each problem by its path', () => {
    const problems = checkServiceDefinition(
      definition({
        fields: [
          { type: 'text', key: 'a', label: '', required: false, minLength: 200 },
          { type: 'choice', key: 'a', label: 'B', required: true, options: [] },
        ],
        dueInDays: 366,
      }),
      { ibans: ['IT13L0306909606100000012345'] },
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        'fields[0].label',
        'fields[0].minLength',
        'fields[1].key',
        'fields[1].options',
        'accounting.iban',
        'accounting.remittance',
        'dueInDays',
      ],
    );
  });
});

describe('checkAnswers', () => {
  const amount = (typed: string) => checkAnswers(service(), { [AMOUNT_INPUT]: typed, 'field-nome': 'Ada' });

  it('reads Italian amounts exactly to the cent, never through floating point', () => {
    assert.equal(amount('12,50').amountCents, 1_250);
    assert.equal(amount('0,29 €').amountCents, null, 'below the minimum of 1,00 €');
    assert.equal(amount('1,01').amountCents, 101);
    assert.equal(amount('€ 99,99').amountCents, 9_999);
    assert.equal(amount('1.000').amountCents, null, '1000 € is above 100,00 €');
    assert.equal(amount('100').amountCents, 10_000);
    assert.equal(amount('100,001').problems[0]!.code, 'amountFormat');
    assert.equal(amount('dieci').problems[0]!.code, 'amountFormat');
    assert.equal(amount('').problems[0]!.code, 'amountRequired');
    assert.equal(amount('0,99').problems[0]!.code, 'amountBelowMin');
    assert.equal(amount('100,01').problems[0]!.code, 'amountAboveMax');
    assert.equal(amount('100,01').problems[0]!.min, '1,00\u00a0€');
  });

  it('a fixed amount ignores what is typed', () => {
    const fixed = service({ amount: { type: 'fixed', cents: 1_600 } as ServiceDefinition['amount'] });
    const checked = checkAnswers(fixed, { [AMOUNT_INPUT]: '1', 'field-nome': 'Ada' });
    assert.equal(checked.amountCents, 1_600);
    assert.deepEqual(checked.problems, []);
  });

  it('whole numbers with signs and bounds; optional fields may stay empty', () => {
    const pasti = (typed: string) =>
      checkAnswers(service(), { [AMOUNT_INPUT]: '5', 'field-nome': 'Ada', 'field-pasti': typed });
    assert.equal(pasti('-2').values.pasti, '-2');
    assert.equal(pasti('007').values.pasti, '7');
    assert.equal(pasti('-3').problems[0]!.code, 'belowMin');
    assert.equal(pasti('4.0').problems[0]!.code, 'notWhole');
    assert.deepEqual(pasti('').values, { nome: 'Ada' });
    assert.deepEqual(pasti('').problems, []);
  });

  it('text: trimmed, control characters removed, the pattern matching the whole answer', () => {
    const nome = (typed: string) => checkAnswers(service(), { [AMOUNT_INPUT]: '5', 'field-nome': typed });
    assert.equal(nome('  Ada  Lovelace ').values.nome, 'Ada  Lovelace');
    assert.equal(nome('Ada\u0007').values.nome, 'Ada');
    assert.equal(nome('Ada1').problems[0]!.code, 'pattern', 'anchored: a partial match is not enough');
    assert.equal(nome('   ').problems[0]!.code, 'required');
  });
});

describe('remittanceOf', () => {
  it('fills the answers in, on one line, at most 140 characters, the title when empty', () => {
    assert.equal(remittanceOf('Mensa {nome} {classe}', { nome: 'Ada' }, 'T'), 'Mensa Ada');
    assert.equal(remittanceOf('{a}', { a: 'x'.repeat(200) }, 'T').length, 140);
    assert.equal(remittanceOf('{a}', {}, 'Titolo'), 'Titolo');
  });
});
