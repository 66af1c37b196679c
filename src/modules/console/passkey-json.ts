// Passkeys in the console's forms: the server's WebAuthn options go into the page as JSON (a data-
// attribute the script views/account/passkey-script.njk reads), the browser's answer comes back as
// JSON in the form's `response` field, which the operators module verifies (@simplewebauthn/server).
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Passkeys } from '../operators/passkeys.service.ts';

/** The answer of navigator.credentials.create/get as the form sent it, if it has the shape of one. */
export function passkeyResponse<T extends AuthenticationResponseJSON | RegistrationResponseJSON>(
  value: unknown,
): T | undefined {
  if (typeof value !== 'string' || value === '' || value.length > 20_000) return undefined;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const ok =
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof parsed.id === 'string' &&
      typeof parsed.rawId === 'string' &&
      parsed.type === 'public-key' &&
      typeof parsed.response === 'object' &&
      parsed.response !== null;
    return ok ? (parsed as unknown as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The options of navigator.credentials.get() for the operator of a session at the second factor or
 * signed in, as JSON for the page — when they have a passkey (the challenge is kept on the session).
 */
export async function passkeyRequestJson(
  passkeys: Pick<Passkeys, 'authenticationOptions'>,
  token: string | undefined,
): Promise<string | undefined> {
  if (!token) return undefined;
  const options = await passkeys.authenticationOptions(token).catch(() => undefined);
  return options?.allowCredentials?.length ? JSON.stringify(options) : undefined;
}
