// JSON imports: an array of GPD v3 positions, JSON Lines (one v3 position per line), or GPD's bulk
// upload document `{ "paymentPositions": [ ...GPD v1 positions ] }`. Arrays are split element by
// element as the text streams in, so a large file never sits in memory whole.
import { Ajv } from 'ajv';
import { schemaAndRuleProblems } from '../../../http/all-problems.ts';
import { ajvProblems } from '../../../http/errors.ts';
import { addCassaFormats } from '../../../http/formats.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import type { GpdPosition } from '../gpd-v3.mapper.ts';
import { dropNullMembers } from '../gpd-v3.nulls.ts';
import { positionRequestSchema } from '../gpd-v3.schemas.ts';
import { type GpdV1Position, gpdV1PositionSchema, v1ToV3 } from './gpd-v1.ts';
import { ImportFileError } from './sources.ts';

const MAX_ELEMENT = 1024 * 1024;

export interface JsonElement {
  /** 1-based element number (arrays) or line number (JSON Lines). */
  row: number;
  text: string;
  /** The document is GPD's v1 bulk format. */
  v1: boolean;
}

/**
 * Splits a top-level JSON array — or the `paymentPositions` array of a GPD bulk document — into the
 * text of its elements, checking the structure around them.
 */
export async function* jsonArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<JsonElement> {
  // Outside the array: 'start' → (object form) 'key' → 'colon' → array; inside: element scanning.
  let state: 'start' | 'object' | 'key' | 'colon' | 'array' | 'after' | 'end' = 'start';
  let v1 = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let key = '';
  let row = 0;
  const fail = (message: string) => {
    throw new ImportFileError(`Not a JSON array of debt positions: ${message}`);
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (state === 'array') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          if (depth === 0) {
            element += chunk.slice(start, i);
            if (element.trim() !== '') yield { row: ++row, text: element, v1 };
            else if (row > 0) fail(`an element is missing after element ${row}`);
            element = '';
            state = v1 ? 'after' : 'end';
            continue;
          }
          depth--;
        } else if (c === ',' && depth === 0) {
          element += chunk.slice(start, i);
          if (element.trim() === '') fail(`an element is missing after element ${row}`);
          yield { row: ++row, text: element, v1 };
          element = '';
          start = i + 1;
        }
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\uFEFF') continue;
      if (state === 'start') {
        if (c === '[') state = 'array';
        else if (c === '{') state = 'object';
        else fail('it must start with [ or {');
      } else if (state === 'object' || state === 'key') {
        if (state === 'object' && c === '"') {
          state = 'key';
          key = '';
        } else if (state === 'key' && c === '"') {
          if (key !== 'paymentPositions') fail(`unexpected key "${key}" (expected "paymentPositions")`);
          state = 'colon';
        } else if (state === 'key') key += c;
        else fail('expected "paymentPositions"');
      } else if (state === 'colon') {
        if (c === ':') continue;
        if (c !== '[') fail('paymentPositions must be an array');
        v1 = true;
        state = 'array';
      } else if (state === 'after') {
        if (c !== '}') fail('nothing may follow the paymentPositions array');
        state = 'end';
      } else fail('text after the end of the array');
      if (state === 'array') start = i + 1;
    }
    if (state === 'array') {
      element += chunk.slice(start);
      if (element.length > MAX_ELEMENT) fail(`element ${row + 1} is larger than 1 MiB`);
    }
  }
  if ((state as string) !== 'end') fail('the file ends before the array is closed');
}

/** Splits JSON Lines text into its non-empty lines. */
export async function* jsonLines(chunks: AsyncIterable<string>): AsyncGenerator<JsonElement> {
  let rest = '';
  let line = 0;
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    if (rest.length > MAX_ELEMENT) throw new ImportFileError(`line ${line + parts.length + 1} is longer than 1 MiB`);
    for (const part of parts) {
      line++;
      if (part.trim() !== '') yield { row: line, text: part, v1: false };
    }
  }
  line++;
  if (rest.trim() !== '') yield { row: line, text: rest, v1: false };
}

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
addCassaFormats(ajv);
const validateV3 = ajv.compile<GpdPosition>(positionRequestSchema);
const validateV1 = ajv.compile<GpdV1Position>(gpdV1PositionSchema);

/**
 * Parses and shape-checks one element; problems carry GPD paths as the API reports them. A v3
 * element that fails its schema is also judged by `rules` where it can be read (as the API does).
 */
export function parseJsonElement(
  element: JsonElement,
  rules?: (body: unknown) => FieldProblem[],
): {
  body?: GpdPosition;
  iupd?: string;
  problems: FieldProblem[];
} {
  let value: unknown;
  try {
    value = JSON.parse(element.text, (key, v) => (key === '__proto__' || key === 'constructor' ? undefined : v));
  } catch (error) {
    return { problems: [{ path: 'json', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const iupd = typeof (value as { iupd?: unknown })?.iupd === 'string' ? (value as { iupd: string }).iupd : undefined;
  dropNullMembers(value);
  const validate = element.v1 ? validateV1 : validateV3;
  if (!validate(value)) {
    const issues = validate.errors ?? [];
    const problems =
      rules && !element.v1 ? schemaAndRuleProblems(issues, value, rules, 'position') : ajvProblems(issues, 'position');
    return { ...(iupd && { iupd }), problems };
  }
  const body = element.v1 ? v1ToV3(value as GpdV1Position) : (value as GpdPosition);
  return { body, iupd: body.iupd, problems: [] };
}
