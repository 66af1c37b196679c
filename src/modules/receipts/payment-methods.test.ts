import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paymentMethodLabel } from './payment-methods.ts';

describe('paymentMethodLabel', () => {
  it('names pagoPA’s payment methods in Italian and English, whatever the case', () => {
    assert.deepEqual(paymentMethodLabel('creditCard'), { it: 'Carta di pagamento', en: 'Payment card' });
    assert.deepEqual(paymentMethodLabel('CP'), { it: 'Carta di pagamento', en: 'Payment card' });
    assert.deepEqual(paymentMethodLabel('bancomatPay'), { it: 'BANCOMAT Pay', en: 'BANCOMAT Pay' });
    assert.deepEqual(paymentMethodLabel('BPAY'), paymentMethodLabel('bancomatpay'));
    assert.deepEqual(paymentMethodLabel('PPAL'), { it: 'PayPal', en: 'PayPal' });
    assert.deepEqual(paymentMethodLabel('BBT'), { it: 'Bonifico bancario telematico', en: 'Online bank transfer' });
    assert.deepEqual(paymentMethodLabel('bankTransfer'), { it: 'Bonifico bancario', en: 'Bank transfer' });
    assert.deepEqual(paymentMethodLabel('BP'), { it: 'Bollettino postale', en: 'Postal payment slip' });
    assert.deepEqual(paymentMethodLabel('AD'), { it: 'Addebito diretto', en: 'Direct debit' });
    assert.deepEqual(paymentMethodLabel('MYBK'), { it: 'MyBank', en: 'MyBank' });
  });

  it('prints an unknown code as it is', () => {
    assert.deepEqual(paymentMethodLabel('XYZ-42'), { it: 'XYZ-42', en: 'XYZ-42' });
    assert.deepEqual(
      paymentMethodLabel('constructor'),
      { it: 'constructor', en: 'constructor' },
      'not a prototype key',
    );
  });
});
