// Time-based one-time codes (RFC 6238) with otplib v13: 30-second steps, 6 digits, SHA-1 (what every
// authenticator app reads from an otpauth:// URI), one step of drift either way. The step of the last
// code accepted is kept, and a code of that step or an earlier one is refused: a code is used once.
import { generateSecret, generateURI, verify } from 'otplib';

const PERIOD_SECONDS = 30;

/** A new secret: 160 random bits in base32, as authenticator apps take it. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** The otpauth:// URI an authenticator app scans (as a QR code) to add the account. */
export const totpUri = (secret: string, account: { issuer: string; label: string }): string =>
  generateURI({ issuer: account.issuer, label: account.label, secret, period: PERIOD_SECONDS });

/** The time step of a code accepted at `now`, or undefined when it is not valid (or not after `afterStep`). */
export async function acceptedStep(
  secret: string,
  code: string,
  now: Date,
  afterStep: number | null,
): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    period: PERIOD_SECONDS,
    epochTolerance: PERIOD_SECONDS,
    ...(afterStep !== null && { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
