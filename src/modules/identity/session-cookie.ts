// The cookie that names a citizen's session (sessions.service.ts keeps only its SHA-256): set by
// every way of signing in, read by every signed-in page, cleared on signing out or expiry.
export const SESSION_COOKIE = '__Host-cassa-session';

export const sessionCookie = (token: string) => `${SESSION_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Lax`;
export const clearedSessionCookie = `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;
