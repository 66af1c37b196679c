// Turns the bytes of an import file into items — one per position, with its row number and either a
// GPD v3 body or the problems that prevent reading it. Whole-file problems (encoding, CSV syntax,
// JSON structure) are thrown as errors: they make the whole file invalid.
import { readCsv } from '../../../shared/csv.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import { decodeUtf8 } from '../../../shared/utf8.ts';
import type { Entity } from '../../entities/entity.ts';
import type { GpdPosition } from '../gpd-v3.mapper.ts';
import { csvColumnFor, csvRowToPosition, parseCsvHeader } from './csv-positions.ts';
import { jsonArrayElements, jsonLines, parseJsonElement } from './json-positions.ts';
import { ImportFileError, unzipSingleEntry } from './sources.ts';

export const IMPORT_FORMATS = ['csv', 'json', 'jsonl', 'gpd-zip'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportItem {
  row: number;
  iupd?: string | undefined;
  body?: GpdPosition | undefined;
  problems: FieldProblem[];
}

/** Guesses the format from a file name. */
export function formatFromName(name: string): ImportFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.zip')) return 'gpd-zip';
  return undefined;
}

/** How problems found after conversion are named: CSV files by column, JSON files by GPD path. */
export function fieldNamer(format: ImportFormat): (path: string) => string {
  return format === 'csv' ? csvColumnFor : (path) => path;
}

export async function* readImportItems(
  bytes: AsyncIterable<Uint8Array>,
  format: ImportFormat,
  entity: Pick<Entity, 'name' | 'ibans'>,
  maxBytes: number,
  rules?: (body: unknown) => FieldProblem[],
): AsyncGenerator<ImportItem> {
  if (format === 'csv') {
    let header: Map<string, number> | undefined;
    for await (const record of readCsv(decodeUtf8(bytes))) {
      if (!header) {
        header = parseCsvHeader(record.fields);
        continue;
      }
      const { body, iupd, problems } = csvRowToPosition(record.fields, header, entity);
      yield { row: record.line, iupd, body, problems };
    }
    if (!header) throw new ImportFileError('The file is empty: the header row is missing');
    return;
  }
  const text = decodeUtf8(format === 'gpd-zip' ? unzipSingleEntry(bytes, maxBytes) : bytes);
  const elements = format === 'jsonl' ? jsonLines(text) : jsonArrayElements(text);
  for await (const element of elements) {
    const { body, iupd, problems } = parseJsonElement(element, rules);
    yield { row: element.row, iupd, body, problems };
  }
}
