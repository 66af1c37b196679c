// The areas of work of an entity's console pages, as the navigation lists them: where each lives
// (under /console/e/<entity fiscal code>) and what it needs of the operator (ADR 0033's areas). An
// operator sees only the sections their grants reach at that entity (principal.ts reachesArea).
import { type Access, type Area, type Principal, reachesArea } from '../../shared/principal.ts';
import type { TextKey } from './texts.ts';

export interface Section {
  readonly key: string;
  /** Below the entity's root: '' is the dashboard, 'posizioni' is /console/e/<cf>/posizioni. */
  readonly path: string;
  readonly label: TextKey;
  readonly area: Area;
  readonly access: Access;
}

export const SECTIONS: readonly Section[] = [
  { key: 'dashboard', path: '', label: 'section_dashboard', area: 'payments', access: 'read' },
  { key: 'positions', path: 'posizioni', label: 'section_positions', area: 'positions', access: 'read' },
  { key: 'uploads', path: 'caricamenti', label: 'section_uploads', area: 'positions', access: 'read' },
  { key: 'helpdesk', path: 'assistenza', label: 'section_helpdesk', area: 'payments', access: 'read' },
  { key: 'overpayments', path: 'eccedenze', label: 'section_overpayments', area: 'payments', access: 'read' },
  { key: 'catalogue', path: 'catalogo', label: 'section_catalogue', area: 'catalogue', access: 'read' },
  { key: 'webhooks', path: 'webhook', label: 'section_webhooks', area: 'settings', access: 'read' },
  { key: 'apiKeys', path: 'chiavi', label: 'section_apiKeys', area: 'settings', access: 'read' },
  { key: 'operators', path: 'operatori', label: 'section_operators', area: 'operators', access: 'read' },
  { key: 'settings', path: 'impostazioni', label: 'section_settings', area: 'settings', access: 'read' },
  { key: 'audit', path: 'registro', label: 'section_audit', area: 'audit', access: 'read' },
];

/** The root of an entity's console pages. */
export const entityRoot = (fiscalCode: string) => `/console/e/${fiscalCode}`;

/** A section's address at an entity. */
export const sectionUrl = (fiscalCode: string, section: Pick<Section, 'path'>) =>
  section.path ? `${entityRoot(fiscalCode)}/${section.path}` : entityRoot(fiscalCode);

/** The sections the principal reaches at the entity, in the navigation's order. */
export const sectionsFor = (principal: Principal, entityId: string): Section[] =>
  SECTIONS.filter((s) => reachesArea(principal, entityId, s.area, s.access));
