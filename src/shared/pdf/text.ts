// Text fitting for documents: lengths the pagoPA notice specification sets, enforced visibly, and
// characters the embedded font lacks replaced rather than printed as empty boxes.

/** Cuts `text` to at most `max` characters, ending with "…" when it was longer (never silently). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * Replaces each character `hasGlyph` refuses by its base letter (ł → l is not decomposable, so it
 * becomes "?"; ő → o, ș → s). Keeps names readable with a Latin-only font.
 */
export function printable(text: string, hasGlyph: (codePoint: number) => boolean): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (hasGlyph(cp)) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += base !== ch && Array.from(base).every((c) => hasGlyph(c.codePointAt(0)!)) ? base : '?';
  }
  return out;
}
