// What the positions pages share: their address at an entity, what they take of the app's services,
// and the services (or categories) of the positions an operator sees there (servicesOf).
import { servicesOf } from '../../../shared/principal.ts';
import type { ConsoleDeps } from '../console.http.ts';
import type { OperatorAt } from '../gate.ts';
import { entityRoot } from '../sections.ts';
import type { Scope } from './search.db.ts';

export type PositionsDeps = Pick<ConsoleDeps, 'database' | 'catalogue' | 'clock' | 'positionExports'>;

/** The base of the positions pages of an entity. */
export const positionsUrl = (fiscalCode: string) => `${entityRoot(fiscalCode)}/posizioni`;

/** The services whose positions the operator reads at the entity of the page ('*': all). */
export const scopeOf = (at: OperatorAt): Scope => servicesOf(at.principal, at.at.id, 'positions', 'read');
