// Request bodies that tests take apart and break on purpose: typed loosely on purpose, in one place.
// biome-ignore lint/suspicious/noExplicitAny: a body a test mutates field by field, valid or not
export type LooseJson = any;
