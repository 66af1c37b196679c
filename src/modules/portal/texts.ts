// The citizen portal’s words, in Italian (the default), English and German, one file a part of the portal
// (texts/*.ts). Each entry has every language, so that a missing translation is a type error, not a
// blank on a page; a key used by two parts stops the start-up.
import { ACCOUNT_TEXTS } from './texts/account.ts';
import { CALENDAR_TEXTS } from './texts/calendar.ts';
import { CART_TEXTS } from './texts/cart.ts';
import { HOME_TEXTS } from './texts/home.ts';
import { LANGUAGES, type Language } from './texts/languages.ts';
import { NOTICE_TEXTS } from './texts/notice.ts';
import { PROFILE_TEXTS } from './texts/profile.ts';
import { SERVICES_TEXTS } from './texts/services.ts';
import { SIGN_IN_TEXTS } from './texts/sign-in.ts';

export { LANGUAGES, type Language };

const PARTS = [
  HOME_TEXTS,
  NOTICE_TEXTS,
  ACCOUNT_TEXTS,
  SIGN_IN_TEXTS,
  CART_TEXTS,
  CALENDAR_TEXTS,
  SERVICES_TEXTS,
  PROFILE_TEXTS,
];

type Table = typeof HOME_TEXTS &
  typeof NOTICE_TEXTS &
  typeof ACCOUNT_TEXTS &
  typeof SIGN_IN_TEXTS &
  typeof CART_TEXTS &
  typeof CALENDAR_TEXTS &
  typeof SERVICES_TEXTS &
  typeof PROFILE_TEXTS;

export type TextKey = keyof Table;

const T: Record<string, Record<Language, string>> = {};
for (const part of PARTS) {
  for (const [key, words] of Object.entries(part)) {
    if (key in T) throw new Error(`portal text ${key} is defined twice`);
    T[key] = words;
  }
}

// Built once per language (every page asks for them), and frozen, since every page shares them.
const BY_LANGUAGE = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, Object.freeze(Object.fromEntries(Object.entries(T).map(([k, v]) => [k, v[lang]])))]),
) as Record<Language, Record<TextKey, string>>;

/** The texts in one language, for a view. */
export function textsFor(lang: Language): Record<TextKey, string> {
  return BY_LANGUAGE[lang];
}
