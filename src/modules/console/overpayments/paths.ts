// Where the over-payments pages live, and what they use of the app's services.
import type { Services } from '../../../services.ts';
import { EVERY_SERVICE, servicesOf } from '../../../shared/principal.ts';
import type { OperatorAt } from '../gate.ts';
import { entityRoot } from '../sections.ts';

export type OverpaymentsDeps = Pick<Services, 'overpayments' | 'refunds' | 'receipts' | 'database' | 'clock'>;

export const listUrl = (fiscalCode: string) => `${entityRoot(fiscalCode)}/eccedenze`;
export const itemUrl = (fiscalCode: string, id: string) => `${listUrl(fiscalCode)}/${encodeURIComponent(id)}`;

/** The services (or categories) whose items the operator sees at the entity; undefined: all of them. */
export const servicesSeen = (active: OperatorAt): readonly string[] | undefined => {
  const scope = servicesOf(active.principal, active.at.id, 'payments', 'read');
  return scope === EVERY_SERVICE ? undefined : scope;
};
