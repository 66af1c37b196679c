// The portal's languages: Italian, the default, English, and German for the bodies whose notices are
// printed in Italian and German (Alto Adige/Südtirol): see ADR 0034.
export const LANGUAGES = ['it', 'en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name and the switch's label, in that language (what a reader of it looks for). */
const NAMES: Record<Language, { name: string; label: string }> = {
  it: { name: 'Italiano', label: 'Leggi questa pagina in italiano' },
  en: { name: 'English', label: 'Read this page in English' },
  de: { name: 'Deutsch', label: 'Diese Seite auf Deutsch lesen' },
};

/**
 * The languages the header's switch offers on a page in `lang`: Italian and English everywhere, German
 * on the pages of a body whose notices are printed in Italian and German; a page already in German
 * offers the other two. Never the page's own language.
 */
export function languageLinks(
  lang: Language,
  offersGerman: boolean,
): { code: Language; name: string; label: string }[] {
  const offered: Language[] = offersGerman || lang === 'de' ? ['it', 'de', 'en'] : ['it', 'en'];
  return offered.filter((code) => code !== lang).map((code) => ({ code, ...NAMES[code] }));
}
