// The portal's pages of a SPID/CIE sign-in (identity/oidc.http.ts asks for them through its port):
// not found, and each refusal in the citizen's words with a way to try again.
import { OIDC_REFUSALS, type OidcPages, type OidcRefusal } from '../identity/oidc.http.ts';
import { safeNext } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import type { TextKey } from './texts.ts';
import { page } from './web.ts';

const WORDS = {
  state: { title: 'oidcRefusedTitle', text: 'oidcStateText' },
  cancelled: { title: 'oidcCancelledTitle', text: 'oidcCancelledText' },
  failed: { title: 'oidcRefusedTitle', text: 'oidcFailedText' },
  fiscalCode: { title: 'oidcRefusedTitle', text: 'oidcNoFiscalCodeText' },
  unavailable: { title: 'oidcUnavailableTitle', text: 'oidcUnavailableText' },
} as const satisfies Record<OidcRefusal, { title: TextKey; text: TextKey }>;

export function portalOidcPages(portal: PortalPages): OidcPages {
  return {
    notFound: (request, reply) => portal.message(request, reply, 404, 'notFound'),
    refused(request, reply, refusal, next) {
      const model = portal.base(request, reply);
      const heading = model.t[WORDS[refusal].title];
      return page(
        request,
        reply,
        'signin-error.njk',
        {
          ...model,
          title: heading,
          heading,
          text: model.t[WORDS[refusal].text],
          retryHref: `/accedi?next=${encodeURIComponent(next)}`,
        },
        { status: OIDC_REFUSALS[refusal], languagePath: '/accedi' },
      );
    },
    safeNext,
  };
}
