// Java back offices serialise their GPD models with Jackson, which by default writes every field
// that is not set as `null`. GPD reads such a null as "not given" (an optional field stays absent, a
// required one is refused), so Cassa does the same: a null member of an object is removed before the
// body is checked. Array elements are not touched: a null in a list is a mistake the schema reports.
import type { FastifyRequest } from 'fastify';

/** Removes, in place, every object member whose value is null, at any depth; returns `value`. */
export function dropNullMembers<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) dropNullMembers(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === null) delete record[key];
      else dropNullMembers(record[key]);
    }
  }
  return value;
}

/** preValidation hook of the GPD routes that take a body: nulls read as absent, as GPD does. */
export async function nullMeansAbsent(request: FastifyRequest): Promise<void> {
  dropNullMembers(request.body);
}

/** Said in the OpenAPI description of each GPD request body. */
export const NULL_MEANS_ABSENT =
  'A field sent as null (as Jackson writes unset fields) is the same as a field left out: an optional one stays absent, a required one is reported missing.';
