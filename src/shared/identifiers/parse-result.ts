/** Outcome of parsing untrusted text: the validated value, or a sentence saying what is wrong. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };
