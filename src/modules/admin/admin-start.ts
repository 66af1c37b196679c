// The first start of the server creates the admin credential (ADR 0029) and prints its secret: here
// only, once, on standard output — not in the structured log, which is shipped and kept elsewhere.
import type { AdminCredential } from './admin-credential.ts';
import { ADMIN_PREFIX } from './admin-route-kit.ts';

/**
 * Creates the credential when there is none (unless `enabled` is false) and returns the lines that
 * show it; none when it existed already or another process starting at the same time created it.
 */
export async function adminKeyAtStart(
  admin: Pick<AdminCredential, 'createIfNone'>,
  options: { enabled: boolean; base: string; log: (message: string) => void },
): Promise<string[]> {
  if (!options.enabled) return [];
  const secret = await admin.createIfNone();
  if (!secret) return [];
  options.log('admin credential created: its secret is printed on standard output this once');
  return [
    '',
    'Admin credential, shown this once (Cassa keeps only its hash; store it now):',
    `  ${secret}`,
    `It manages entities and their API keys while Cassa runs: ${options.base}${ADMIN_PREFIX}/entities (see ${options.base}/docs).`,
    'Rotate it with `cassa admin-key rotate` or POST /admin/v1/admin-key/rotate.',
  ];
}
