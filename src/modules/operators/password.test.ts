import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { checkPassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';

const who = { email: 'anna.bianchi@comune.example.it', displayName: 'Anna Bianchi' };

describe('operator passwords', () => {
  it('hashes with Argon2id and a fresh salt, and verifies only the same password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword(a, 'correct horse battery'), true);
    assert.equal(await verifyPassword(a, 'correct horse batterY'), false);
    assert.equal(await verifyPassword(null, 'correct horse battery'), false);
  });

  it('refuses short, identity-based and guessable passwords with a reason', () => {
    assert.equal(passwordProblem('short pass', who), 'must be at least 12 characters long');
    assert.equal(passwordProblem('anna.bianchi@comune.example.it', who), 'must not be your e-mail address');
    assert.equal(passwordProblem('xx-ANNA.BIANCHI-2026', who), 'must not contain the name of your e-mail address');
    assert.equal(passwordProblem('Anna Bianchi 2026!', who), 'must not contain your name');
    assert.equal(passwordProblem('aaaaaaaaaaaaaaaab', who), 'must use at least 5 different characters');
    assert.equal(passwordProblem('Password1234', who), 'is one of the most common passwords');
    assert.equal(passwordProblem('x'.repeat(300), who), 'must be at most 256 characters long');
    assert.equal(passwordProblem('tramonto sul Po 1987', who), undefined);
  });

  it('reports a refused password as a validation error of the field', () => {
    assert.throws(
      () => checkPassword('tooshort', who),
      (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.problems[0]?.path === 'password',
    );
  });
});
