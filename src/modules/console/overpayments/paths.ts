// Where the over-payments pages live, and what they use of the app's services.
import type { Services } from '../../../services.ts';
import { entityRoot } from '../sections.ts';

export type OverpaymentsDeps = Pick<Services, 'overpayments' | 'refunds' | 'receipts' | 'database' | 'clock'>;

export const listUrl = (fiscalCode: string) => `${entityRoot(fiscalCode)}/eccedenze`;
export const itemUrl = (fiscalCode: string, id: string) => `${listUrl(fiscalCode)}/${encodeURIComponent(id)}`;
