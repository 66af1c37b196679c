// What the settings parsers of config.ts and its parts (sign-in.ts, mail.ts) share: the environment
// they read and the shape of an HTTP header name.

export type Env = Record<string, string | undefined>;

export const HEADER_NAME = /^[A-Za-z0-9-]+$/;
