// The one place the console turns the operators module's errors into answers on a form: a refused
// sign-in is the same message whatever failed, too many failures from here is its own page, a
// refused password is shown at its field. Anything else is the app's error page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { ConsolePages, FieldError } from './pages.ts';
import type { Language } from './texts.ts';

// The operators module's password rules (operators/password.ts), in Italian; English as they are.
const PASSWORD_PROBLEMS_IT: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^must be at least (\d+) characters long$/, (m) => `deve avere almeno ${m[1]} caratteri`],
  [/^must be at most (\d+) characters long$/, (m) => `deve avere al massimo ${m[1]} caratteri`],
  [/^must not be your e-mail address$/, () => 'non può essere il tuo indirizzo e-mail'],
  [/^must not contain the name of your e-mail address$/, () => 'non può contenere il nome del tuo indirizzo e-mail'],
  [/^must not contain your name$/, () => 'non può contenere il tuo nome'],
  [/^must use at least (\d+) different characters$/, (m) => `deve usare almeno ${m[1]} caratteri diversi`],
  [/^is one of the most common passwords$/, () => 'è una delle password più comuni'],
  [/^must be between 1 and 200 characters$/, () => 'deve avere da 1 a 200 caratteri'],
];

const FIELD_NAMES: Record<string, Record<Language, string>> = {
  password: { it: 'La password', en: 'The password' },
  email: { it: 'L’indirizzo e-mail', en: 'The e-mail address' },
  displayName: { it: 'Il nome', en: 'The name' },
};

const EMAIL_PROBLEM: Record<Language, string> = {
  it: 'Scrivi un indirizzo e-mail come nome@comune.it.',
  en: 'Enter an e-mail address such as name@town.it.',
};

/** A field problem of the operators module as a sentence in the page's language. */
export function fieldMessage(path: string, problem: string, lang: Language): string {
  if (path === 'email') return EMAIL_PROBLEM[lang];
  const name = FIELD_NAMES[path]?.[lang] ?? path;
  if (lang === 'en') return `${name} ${problem}.`;
  for (const [pattern, say] of PASSWORD_PROBLEMS_IT) {
    const m = problem.match(pattern);
    if (m) return `${name} ${say(m)}.`;
  }
  return `${name}: ${problem}.`;
}

/** The minutes until a new try may succeed, rounded up. */
const minutesOf = (error: AppError) => Math.max(1, Math.ceil((error.retryAfterSeconds ?? 900) / 60));

/**
 * Answers a refused sign-in step: too many failures → the 429 page; SIGN_IN_FAILED → `again` with the
 * one message at `field`; VALIDATION_FAILED → `again` with each problem at its field. Else rethrows.
 */
export function answerRefusal(
  pages: ConsolePages,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  field: string,
  again: (errors: FieldError[], status: number) => FastifyReply | Promise<FastifyReply>,
): FastifyReply | Promise<FastifyReply> {
  if (!(error instanceof AppError)) throw error;
  const { lang, t } = pages.base(request, reply);
  if (error.code === 'TOO_MANY_REQUESTS') {
    reply.header('retry-after', String(error.retryAfterSeconds ?? 900));
    return pages.message(request, reply, 429, 'tooMany', minutesOf(error));
  }
  if (error.code === 'SIGN_IN_FAILED') return again([{ field, message: t.signInFailed }], 401);
  if (error.code === 'VALIDATION_FAILED' && error.problems.length > 0) {
    return again(
      error.problems.map((p) => ({ field: p.path, message: fieldMessage(p.path, p.message, lang) })),
      400,
    );
  }
  throw error;
}
