// The console's identity providers as the sign-in page offers them (oidc.http.ts has their routes):
// each provider an entity's operators sign in with, and a button for each one usable on the page.
import type { OidcProvider } from '../identity/oidc.ts';

/** A provider operators sign in with, and the entity it belongs to (undefined: the page's ?ente=). */
export interface ConsoleOidcProvider {
  provider: OidcProvider;
  /** The fiscal code of the entity whose provider it is; undefined: any entity, named by ?ente=. */
  entity: string | undefined;
}

/** The sign-in page's buttons: each provider usable for this entity (fiscal code from ?ente=, or ''). */
export function oidcButtons(providers: readonly ConsoleOidcProvider[], ente: string, label: string) {
  return providers
    .filter((p) => (p.entity ? !ente || p.entity === ente : ente !== ''))
    .map((p) => ({
      href: `/console/accedi/oidc/${p.provider.name}${p.entity ? '' : `?ente=${ente}`}`,
      label: p.provider.label ?? label.replace('{provider}', p.provider.name),
    }));
}
