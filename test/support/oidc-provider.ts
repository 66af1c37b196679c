// A real OpenID Connect provider for tests (npm oidc-provider, in this process, on 127.0.0.1 and a
// random port) standing in for SPID/CIE: accounts with the SPID-style fiscal-number claim, PKCE
// required, request objects accepted, its development login and consent forms. `authorizeAt` goes
// through those forms the way a browser would, without one.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { DEFAULT_FISCAL_CODE_CLAIM, type OidcProviderConfig } from '../../src/config/sign-in.ts';

export const FISCAL_NUMBER = 'https://attributes.eid.gov.it/fiscal_number';

/** The demo's Mario Rossi as the provider's account `mario`, with the SPID-style fiscal number. */
export const MARIO_ACCOUNT = {
  mario: { [FISCAL_NUMBER]: 'TINIT-RSSMRA80A01H501U', given_name: 'Mario', family_name: 'Rossi' },
};

/**
 * Cassa’s settings for a provider named "spid" with a client secret, as config/sign-in.ts reads them;
 * plain HTTP allowed, since the local provider has no TLS. `over` says what a test changes.
 */
export function spidSettings(
  over: Pick<OidcProviderConfig, 'issuer' | 'clientId' | 'clientSecret'> & Partial<OidcProviderConfig>,
): OidcProviderConfig {
  return {
    name: 'spid',
    kind: 'spid',
    label: undefined,
    privateKeyFile: undefined,
    scope: 'openid profile',
    fiscalCodeClaim: DEFAULT_FISCAL_CODE_CLAIM,
    acr: undefined,
    prompt: undefined,
    allowHttp: true,
    ...over,
  };
}

export interface LocalProvider {
  issuer: string;
  provider: Provider;
  close(): Promise<void>;
}

export async function localOidcProvider(options: {
  clients: ClientMetadata[];
  /** login name → claims (sub is the login name). */
  accounts: Record<string, Record<string, unknown>>;
  /** Claims beyond the SPID-style ones that the profile scope gives. */
  extraClaims?: string[];
  /** Put the claims in the ID token, and have no userinfo endpoint (by default only userinfo has them, as with SPID/CIE). */
  claimsInIdToken?: boolean;
}): Promise<LocalProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: options.clients,
    jwks: { keys: [{ ...signing, kid: 'local-op', use: 'sig', alg: 'RS256' }] },
    async findAccount(_ctx, id) {
      const claims = options.accounts[id];
      return claims && { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name', FISCAL_NUMBER, ...(options.extraClaims ?? [])],
    },
    scopes: ['openid', 'profile'],
    conformIdTokenClaims: !options.claimsInIdToken,
    features: {
      devInteractions: { enabled: true },
      requestObjects: { enabled: true },
      userinfo: { enabled: !options.claimsInIdToken },
    },
    acrValues: ['https://www.spid.gov.it/SpidL1', 'https://www.spid.gov.it/SpidL2'],
    pkce: { required: () => true },
    cookies: { keys: ['local-test-provider-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  handler = provider.callback();
  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Follows an authorization URL through the provider's login (as `account`) and consent forms — or
 * cancels at the login form — and returns the URL the provider finally sends the browser to.
 */
export async function authorizeAt(
  issuer: string,
  authorizationUrl: string,
  account: string,
  options: { cancel?: boolean } = {},
): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  let form: Record<string, string> | undefined;
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form && { body: new URLSearchParams(form).toString() }),
    });
    form = undefined;
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      if (url.origin !== issuer) return url;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no interaction form in ${html.slice(0, 300)}`);
    if (prompt === 'login' && options.cancel) {
      url = new URL(/href="([^"]+\/abort)"/.exec(html)![1]!, url);
      continue;
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    form = prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt };
  }
  throw new Error('the provider did not send the browser back');
}
