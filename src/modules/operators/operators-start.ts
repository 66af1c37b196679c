// While no operator exists, each start of the server prints a one-time link that creates the first
// administrator of the console (ADR 0033): on standard output only, like the admin credential, never
// in the structured log; valid 24 hours and once. `cassa operator create --installation` does the same
// from the terminal.
import { jobActor } from '../audit/audit.ts';
import type { Invitations } from './invitations.service.ts';

/** The lines that show the link, or none once an operator exists. */
export async function firstAdministratorAtStart(
  invitations: Pick<Invitations, 'inviteFirstAdministrator'>,
  options: { log: (message: string) => void },
): Promise<string[]> {
  const invitation = await invitations.inviteFirstAdministrator(jobActor('start'));
  if (!invitation) return [];
  options.log('no console operator yet: a one-time link for the first administrator is printed on standard output');
  return [
    '',
    'No operator of the console exists yet. Create the first administrator with this one-time link',
    `(valid until ${invitation.expiresAt.toISOString()}):`,
    `  ${invitation.url}`,
  ];
}
