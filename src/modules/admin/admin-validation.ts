// Every problem of an entity body at once: the JSON schema's (shape, types, unknown fields) and the
// domain's (check digits, IBANs, lengths…), which would otherwise come one round after the other.
// The routes take the schema's verdict as data (attachValidation) and call this, which hands the
// entity's own rules to the one mechanism every API uses for it (http/all-problems.ts).
import type { FastifyRequest } from 'fastify';
import { refuseWithAllProblems } from '../../http/all-problems.ts';
import {
  applyEntityChanges,
  type Entity,
  type EntityChanges,
  type EntityInput,
  normalizeEntityInput,
  validateEntityInput,
} from '../entities/entity.ts';

/** Throws VALIDATION_FAILED listing every problem when the body broke its schema; does nothing otherwise. */
export function refuseInvalidEntityBody(request: FastifyRequest, current?: Entity): void {
  refuseWithAllProblems(request, (body) => {
    const b = body as Record<string, unknown>;
    const input = current ? applyEntityChanges(current, changesOf(b)) : inputOf(b);
    return validateEntityInput(normalizeEntityInput(input));
  });
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
// An item of the wrong type stays in its place (empty), so the domain's problems keep their indexes.
const texts = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : '')) : undefined);

/** What can be read of a new entity's body (fields of the wrong type are left out). */
function inputOf(b: Record<string, unknown>): EntityInput {
  return {
    fiscalCode: text(b.fiscalCode) ?? '',
    name: text(b.name) ?? '',
    segregationCode: text(b.segregationCode) ?? '',
    ibans: texts(b.ibans) ?? [],
    sector: text(b.sector),
    info: text(b.info),
    cbill: text(b.cbill),
    brokerId: text(b.brokerId),
    stationId: text(b.stationId),
    postalAccount: text(b.postalAccount),
    noticeLanguage: text(b.noticeLanguage),
    postalAuthorization: text(b.postalAuthorization),
  };
}

/** What can be read of an update's body (fields of the wrong type are left out). */
function changesOf(b: Record<string, unknown>): EntityChanges {
  const changes: EntityChanges = {};
  for (const key of ['name', 'brokerId', 'stationId', 'noticeLanguage'] as const) {
    const value = text(b[key]);
    if (value !== undefined) changes[key] = value;
  }
  for (const key of ['sector', 'info', 'cbill', 'postalAccount', 'postalAuthorization'] as const) {
    if (b[key] === null || typeof b[key] === 'string') changes[key] = b[key] as string | null;
  }
  const ibans = texts(b.ibans);
  if (ibans) changes.ibans = ibans;
  return changes;
}
