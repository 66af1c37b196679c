// The console shows the operators module's password rules in the page's language: every refusal the
// rules give has its Italian sentence (a new rule without one fails here, not on a page).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordProblem } from '../operators/password.ts';
import { groupedKey } from './enrol.http.ts';
import { fieldMessage } from './refusals.ts';

const identity = { email: 'lucia.neri@comune.example.it', displayName: 'Lucia Neri' };
const REFUSED = [
  'corta',
  'x'.repeat(300),
  'lucia.neri@comune.example.it',
  'la mia lucia.neri del 1987',
  'sono LuciaNeri davvero',
  'abababababababab',
  'password1234',
];

describe('password refusals in the console', () => {
  it('has an Italian sentence for every rule, and the rule itself in English', () => {
    const problems = REFUSED.map((p) => passwordProblem(p, identity));
    assert.equal(new Set(problems).size, REFUSED.length, 'each password breaks a different rule');
    for (const problem of problems) {
      assert.ok(problem);
      const it = fieldMessage('password', problem, 'it');
      assert.match(it, /^La password [^:]+\.$/, it);
      assert.doesNotMatch(it, /must|is one/);
      assert.equal(fieldMessage('password', problem, 'en'), `The password ${problem}.`);
    }
    assert.equal(
      fieldMessage('password', 'must be at least 12 characters long', 'it'),
      'La password deve avere almeno 12 caratteri.',
    );
  });

  it('groups the authenticator key by four for typing', () => {
    assert.equal(groupedKey('ABCDEFGHIJ'), 'ABCD EFGH IJ');
  });
});
