// The console's identity providers as the sign-in page offers them (oidc.http.ts has their routes):
// each provider an entity's operators sign in with, and a button for each one usable on the page.
import type { OidcProvider } from '../identity/oidc.ts';

/** A provider operators sign in with, and the entity it belongs to (undefined: the page's ?ente=). */
export interface ConsoleOidcProvider {
  provider: OidcProvider;
  /** The fiscal code of the entity whose provider it is; undefined: any entity, named by ?ente=. */
  entity: string | undefined;
}

/**
 * The buttons of the providers usable for this entity (fiscal code from ?ente=, or ''): on the sign-in
 * page, and on the confirmation page (`dopo`: where to go back after signing in again).
 */
export function oidcButtons(providers: readonly ConsoleOidcProvider[], ente: string, label: string, dopo?: string) {
  return providers
    .filter((p) => (p.entity ? !ente || p.entity === ente : ente !== ''))
    .map((p) => {
      const query = new URLSearchParams({ ...(!p.entity && { ente }), ...(dopo && { dopo }) }).toString();
      return {
        href: `/console/accedi/oidc/${p.provider.name}${query ? `?${query}` : ''}`,
        label: p.provider.label ?? label.replace('{provider}', p.provider.name),
      };
    });
}
