// The paging parameters of every list route, bounded (issue 10, defect 7): `page` × `limit` becomes
// an SQL OFFSET, and an unbounded page (?page=99999999999999999999) overflowed bigint into a 500.
// With these bounds a huge, negative, fractional or non-numeric value is a 400 problem+json.

/** The highest page number a list answers (offset ≤ 100 000 000 rows with the largest limit). */
export const MAX_PAGE = 1_000_000;

/** `limit` (1…maxLimit, default defaultLimit) and `page` (0…MAX_PAGE, default 0) query properties. */
export function pagingQuery(maxLimit: number, defaultLimit: number) {
  return {
    limit: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
    page: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_PAGE,
      default: 0,
      description: `Zero-based page number, at most ${MAX_PAGE}.`,
    },
  } as const;
}
