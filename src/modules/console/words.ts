// The console's languages and the shape of a table of words: each entry in every language, so that a
// missing translation is a type error, not a blank on a page. texts.ts joins the tables: the frame's
// and sign-in's own, and one per area of work (its folder's texts.ts).
export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Words = Record<string, Record<Language, string>>;
