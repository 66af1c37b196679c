// The console's position search as a value: what the one text box holds and what kind of key it is
// (a notice number, an IUV, a fiscal code, else an IUPD or words of the debtor's name), the filters,
// the order and the page — read from the GET query string, and written back into links (the sort
// headers, the pages, the exports) so that everything works without JavaScript.
import { type IsoDate, parseIsoDate } from '../../../shared/dates.ts';
import { POSITION_STATUSES, type PositionStatus } from '../../positions/position.ts';

export const PAGE_SIZE = 50;
/** Past this many matches the page says "more than" instead of counting them all. */
export const COUNT_CAP = 10_000;

export const SORT_KEYS = ['created', 'iupd', 'debtor', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Direction = 'asc' | 'desc';

/**
 * What the text box holds: `nav` 18 digits; `iuv` 17 digits (Cassa's IUVs are the notice number
 * without its first digit, 3); `fiscalCode` a person's 16 characters or a body's 11 digits (11 digits
 * may also be an IUPD: both are searched); `text` an IUPD as written, or words of the debtor's name.
 */
export type QueryKind = 'nav' | 'iuv' | 'fiscalCode' | 'text';

export interface PositionSearch {
  q: string;
  kind: QueryKind | undefined;
  /** The name's words (letters and digits only), each matched as the start of a word. */
  words: string[];
  status: PositionStatus | undefined;
  dueFrom: IsoDate | undefined;
  dueTo: IsoDate | undefined;
  /** A catalogue service's id. */
  service: string | undefined;
  sort: SortKey;
  dir: Direction;
  /** 0-based. */
  page: number;
}

const PERSON_CF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The kind of key a typed text is, and the text as it is searched (spaces, dots, dashes of numbers dropped). */
export function recognise(typed: string): { kind: QueryKind | undefined; key: string } {
  const text = typed.trim();
  if (!text) return { kind: undefined, key: '' };
  const compact = text.replace(/[\s.-]/g, '');
  if (/^\d{18}$/.test(compact)) return { kind: 'nav', key: compact };
  if (/^\d{17}$/.test(compact)) return { kind: 'iuv', key: compact };
  if (/^\d{11}$/.test(compact)) return { kind: 'fiscalCode', key: compact };
  if (PERSON_CF.test(compact.toUpperCase())) return { kind: 'fiscalCode', key: compact.toUpperCase() };
  return { kind: 'text', key: text.slice(0, 140) };
}

/** The words of a name, lower case, letters and digits only (at most five). */
export const nameWords = (text: string): string[] => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 5);

const one = (value: unknown): string => (Array.isArray(value) ? String(value[0] ?? '') : String(value ?? ''));

/** The search a GET query string describes; what does not parse is left out (and said by `ignored`). */
export function parseSearch(query: Record<string, unknown>): PositionSearch & { ignored: string[] } {
  const ignored: string[] = [];
  const { kind, key } = recognise(one(query.q));
  const status = one(query.stato);
  const date = (name: string) => {
    const text = one(query[name]).trim();
    if (!text) return undefined;
    const parsed = parseIsoDate(text);
    if (!parsed) ignored.push(name);
    return parsed ?? undefined;
  };
  const service = one(query.servizio).trim();
  const sort = one(query.ordina);
  const page = Number.parseInt(one(query.pagina), 10);
  return {
    q: key,
    kind,
    words: kind === 'text' ? nameWords(key) : [],
    status: (POSITION_STATUSES as readonly string[]).includes(status) ? (status as PositionStatus) : undefined,
    dueFrom: date('scadenzaDal'),
    dueTo: date('scadenzaAl'),
    service: UUID.test(service) ? service : undefined,
    sort: (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : 'created',
    dir: one(query.verso) === 'asc' ? 'asc' : one(query.verso) === 'desc' ? 'desc' : sort ? 'asc' : 'desc',
    page: Number.isFinite(page) && page > 1 ? Math.min(page - 1, COUNT_CAP / PAGE_SIZE) : 0,
    ignored,
  };
}

/** The query string of a search (only what is set), with changes; `pagina` is 1-based. */
export function searchQuery(s: PositionSearch, change: Partial<PositionSearch> = {}): string {
  const v = { ...s, ...change };
  const params = new URLSearchParams();
  if (v.q) params.set('q', v.q);
  if (v.status) params.set('stato', v.status);
  if (v.dueFrom) params.set('scadenzaDal', v.dueFrom);
  if (v.dueTo) params.set('scadenzaAl', v.dueTo);
  if (v.service) params.set('servizio', v.service);
  if (v.sort !== 'created' || v.dir !== 'desc') {
    params.set('ordina', v.sort);
    params.set('verso', v.dir);
  }
  if (v.page > 0) params.set('pagina', String(v.page + 1));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filters of a search without its order and page (what an export and the audit record name). */
export const filtersOf = (s: PositionSearch) => ({
  ...(s.q && { q: s.q, kind: s.kind }),
  ...(s.status && { status: s.status }),
  ...(s.dueFrom && { dueFrom: s.dueFrom }),
  ...(s.dueTo && { dueTo: s.dueTo }),
  ...(s.service && { service: s.service }),
});
