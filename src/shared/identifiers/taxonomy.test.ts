import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTransferCategory, parseTransferCategory } from './taxonomy.ts';

describe('checkTransferCategory (pagopa-facts §4.5)', () => {
  it('accepts well-formed codes, including the RTP opt-out prefixes', () => {
    for (const code of [
      '9/0101101IM/',
      '9/0201102IM/',
      '6/0101101IM/',
      '7/0102100SA/',
      '8/1201105IM/',
      '9/0101108TS/',
    ]) {
      assert.equal(checkTransferCategory(code), null, code);
    }
  });

  it('splits a code into its parts', () => {
    assert.deepEqual(parseTransferCategory('9/0201102IM/'), {
      ok: true,
      value: {
        code: '9/0201102IM/',
        prefix: '9',
        creditorTypeCode: '02',
        macroAreaCode: '01',
        serviceTypeCode: '102',
        legalReason: 'IM',
      },
    });
  });

  it('explains what is wrong', () => {
    assert.equal(
      checkTransferCategory('0101101IM'),
      'A transfer category must start with 9/, 6/, 7/ or 8/ (for example 9/0101101IM/); got "0101101IM".',
    );
    assert.equal(
      checkTransferCategory('5/0101101IM/'),
      'A transfer category must start with 9/, 6/, 7/ or 8/ (for example 9/0101101IM/); got "5/0101101IM/".',
    );
    assert.equal(
      checkTransferCategory('9/0101101IM'),
      'A transfer category must end with a slash (for example 9/0101101IM/); got "9/0101101IM".',
    );
    assert.equal(
      checkTransferCategory('9/0101101XX/'),
      'The legal reason XX is not valid; it must be IM, TS, SP, SA or AP.',
    );
    assert.equal(
      checkTransferCategory('9/010110IM/'),
      'Between the slashes a transfer category must have 7 digits and a 2-letter legal reason (for example 9/0101101IM/); got "010110IM".',
    );
    assert.notEqual(checkTransferCategory('9/0101101im/'), null);
    assert.match(checkTransferCategory('9/') ?? '', /got ""\.$/);
    assert.notEqual(checkTransferCategory(' 9/0101101IM/'), null);
  });
});
