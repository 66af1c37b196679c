// An API key's grants as stored (migration 024): `area:access` strings, or NULL for the default.

import { invalid } from '../../shared/errors.ts';
import { DEFAULT_KEY_GRANTS, type KeyGrant, keyGrantText, parseKeyGrant } from '../../shared/principal.ts';

/** The stored list read back; NULL is the API keys' default. A text no longer known grants nothing. */
export function keyGrantsOf(stored: readonly string[] | null): KeyGrant[] {
  if (stored === null) return [...DEFAULT_KEY_GRANTS];
  return stored.flatMap((text) => parseKeyGrant(text) ?? []);
}

/**
 * What to store for a key asked for with `requested` grants (`area:access`): NULL when none are asked
 * for (the default), else the list, each grant once. Refuses an unknown area or access, naming it.
 */
export function storedKeyGrants(requested: readonly string[] | undefined): string[] | null {
  if (requested === undefined) return null;
  const problems = requested.flatMap((text, i) =>
    parseKeyGrant(text)
      ? []
      : [{ path: `grants[${i}]`, message: `"${text}" is not an area:access (read or write) grant` }],
  );
  if (requested.length === 0) problems.push({ path: 'grants', message: 'A key needs at least one grant' });
  if (problems.length > 0) throw invalid(problems);
  return [...new Set(requested.map((text) => keyGrantText(parseKeyGrant(text)!)))];
}
