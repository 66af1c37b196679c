// Filling a text's `{name}` placeholders: the one helper every area's words use (notices, console).

/** Replaces each `{name}` in text with its value; an unknown name stays as it is. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}
