// The string formats Cassa's JSON schemas use beyond the standard ones of ajv-formats, registered on
// every Ajv instance that checks what callers send (the HTTP API and the JSON position import).
import type { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parseInstant } from '../shared/dates.ts';

/**
 * A GPD date-time: RFC 3339 with an offset or `Z`, or without one (`2028-12-31T23:59:59`, fractions
 * of a second allowed), as Java's LocalDateTime writes it and GPD accepts and returns it. Without an
 * offset it is Europe/Rome wall-clock time (parseInstant says how the DST switch hours are read).
 */
export const GPD_DATE_TIME = 'gpd-date-time';

/** What a caller is told when a GPD date-time does not parse. */
export const GPD_DATE_TIME_MESSAGE =
  'must be a date-time such as 2028-12-31T23:59:59 (Rome time) or 2028-12-31T23:59:59+01:00';

/** Adds the standard formats and Cassa's own to ajv. */
export function addCassaFormats(ajv: Ajv): Ajv {
  addFormats.default(ajv);
  ajv.addFormat(GPD_DATE_TIME, { type: 'string', validate: (text: string) => parseInstant(text) !== null });
  return ajv;
}
