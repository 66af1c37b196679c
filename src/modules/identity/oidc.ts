// One OpenID Connect provider Cassa signs citizens in with (SPID or CIE, usually through the
// entity's identity gateway), on top of openid-client: discovery (once, on first use, again after a
// failure), the authorization URL with PKCE S256, state and nonce — as a signed request object when
// Cassa has a private key —, the code exchange with client_secret_basic or private_key_jwt, the
// ID token's checks, and userinfo when the ID token lacks the fiscal code. pagopa-facts §7.4.
import * as client from 'openid-client';
import type { OidcProviderConfig } from '../../config/sign-in.ts';
import { checkPersonFiscalCode } from '../../shared/identifiers/fiscal-code.ts';
import type { SignInMethod } from './sessions.service.ts';
import { readSigningKey } from './signing-key.ts';

/** What the sign-in proved: the citizen's fiscal code and, when given, their name. */
export interface OidcIdentity {
  fiscalCode: string;
  fullName: string | undefined;
}

/** A sign-in the provider or the checks did not accept; `reason` goes to the audit trail. */
export class OidcSignInError extends Error {
  readonly reason: string;
  /** cancelled: the citizen said no at the provider (access_denied); fiscalCode: no usable fiscal code. */
  readonly kind: 'cancelled' | 'refused' | 'fiscalCode';
  constructor(kind: OidcSignInError['kind'], reason: string) {
    super(reason);
    this.name = 'OidcSignInError';
    this.kind = kind;
    this.reason = reason;
  }
}

/** The provider could not be reached (discovery, token or userinfo request failed on the network). */
export class OidcUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`OpenID Connect provider unavailable: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = 'OidcUnavailableError';
  }
}

export interface OidcProvider {
  readonly name: string;
  readonly kind: Extract<SignInMethod, 'spid' | 'cie'>;
  /** Button text; undefined: the portal's own "Entra con SPID/CIE". */
  readonly label: string | undefined;
  /** The authorization request's URL for a new transaction. */
  authorizationUrl(input: { redirectUri: string; state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** Checks the callback (state, PKCE, ID token, nonce) and returns who signed in. */
  complete(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity>;
}

/**
 * The fiscal code of a claim value: `TINIT-<CF>` (ETSI EN 319 412-1, as SPID/CIE send it) or a bare
 * code; another country's TIN is refused. Returns the code or why it is not acceptable.
 */
export function fiscalCodeOf(value: unknown): { fiscalCode: string; problem?: undefined } | { problem: string } {
  if (typeof value !== 'string' || value.trim() === '') return { problem: 'missing fiscal code claim' };
  const text = value.trim().toUpperCase();
  const tin = /^TIN([A-Z]{2})-(.*)$/.exec(text);
  if (tin && tin[1] !== 'IT') return { problem: `tax identifier of another country (${tin[1]})` };
  const code = tin ? tin[2]! : text;
  const problem = checkPersonFiscalCode(code);
  return problem ? { problem: `invalid fiscal code: ${problem}` } : { fiscalCode: code };
}

const SPID_LEVEL = /^https:\/\/www\.spid\.gov\.it\/SpidL([123])$/;

/**
 * Whether the ID token's `acr` meets the configured `acr_values`: one of them, or a SPID level at
 * least as high as the lowest asked for (SPID and CIE both use the SpidL1–3 URIs).
 */
export function acrSatisfies(requested: string, got: unknown): boolean {
  if (typeof got !== 'string') return false;
  const asked = requested.split(/\s+/).filter(Boolean);
  if (asked.includes(got)) return true;
  const level = SPID_LEVEL.exec(got)?.[1];
  const lowest = Math.min(...asked.map((a) => Number(SPID_LEVEL.exec(a)?.[1] ?? Number.POSITIVE_INFINITY)));
  return level !== undefined && Number(level) >= lowest;
}

const fullNameOf = (claims: Record<string, unknown>) => {
  const parts = [claims.given_name, claims.family_name].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  return parts.length > 0 ? parts.map((p) => p.trim()).join(' ') : undefined;
};

// fetch's own failures are TypeErrors without a code (openid-client's argument errors have one).
const isNetworkFailure = (error: unknown) =>
  (error instanceof TypeError && (error as { code?: string }).code === undefined) ||
  ['AbortError', 'TimeoutError'].includes((error as Error)?.name);

/** A provider as configured (config.ts has already checked the key file). */
export function oidcProvider(settings: OidcProviderConfig): OidcProvider {
  const signingKey = settings.privateKeyFile ? readSigningKey(settings.privateKeyFile) : undefined;
  const auth = signingKey
    ? client.PrivateKeyJwt({ key: signingKey.key, kid: signingKey.kid })
    : client.ClientSecretBasic(settings.clientSecret);
  let discovered: Promise<client.Configuration> | undefined;

  const configuration = () => {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, undefined, auth, {
        execute: settings.allowHttp ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw new OidcUnavailableError(error);
      });
    return discovered;
  };

  return {
    name: settings.name,
    kind: settings.kind,
    label: settings.label,

    async authorizationUrl({ redirectUri, state, nonce, codeVerifier }) {
      const config = await configuration();
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: settings.scope,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(settings.acr && { acr_values: settings.acr }),
        ...(settings.prompt && { prompt: settings.prompt }),
      };
      if (!signingKey) return client.buildAuthorizationUrl(config, parameters);
      // SPID/CIE want the whole request signed, and scope and response_type also outside it.
      const url = await client.buildAuthorizationUrlWithJAR(config, parameters, {
        key: signingKey.key,
        kid: signingKey.kid,
      });
      url.searchParams.set('scope', settings.scope);
      url.searchParams.set('response_type', 'code');
      return url;
    },

    async complete(callbackUrl, checks) {
      const config = await configuration();
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        });
        const idToken = tokens.claims()!;
        // openid-client checks the token; whether its level is the one asked for is Cassa's call.
        if (settings.acr && !acrSatisfies(settings.acr, idToken.acr))
          throw new OidcSignInError(
            'refused',
            `authentication level ${idToken.acr ?? 'missing'}, asked ${settings.acr}`,
          );
        claims = { ...idToken };
        if (claims[settings.fiscalCodeClaim] === undefined && tokens.access_token) {
          // SPID/CIE give the attributes at userinfo; its subject must be the ID token's.
          const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
          claims = { ...info, ...idToken };
        }
      } catch (error) {
        if (error instanceof OidcSignInError) throw error;
        if (isNetworkFailure(error)) throw new OidcUnavailableError(error);
        if (error instanceof client.AuthorizationResponseError) {
          throw new OidcSignInError(
            error.error === 'access_denied' ? 'cancelled' : 'refused',
            `provider answered ${error.error}`,
          );
        }
        const code = (error as { code?: string }).code;
        // openid-client's messages are generic; the cause says which check failed (e.g. the nonce).
        const cause = (error as Error).cause;
        const detail =
          error instanceof client.ResponseBodyError
            ? error.error
            : cause instanceof Error
              ? cause.message
              : (error as Error).message;
        throw new OidcSignInError('refused', `${code ?? 'error'}: ${detail}`);
      }
      const found = fiscalCodeOf(claims[settings.fiscalCodeClaim]);
      if (found.problem !== undefined) throw new OidcSignInError('fiscalCode', found.problem);
      return { fiscalCode: found.fiscalCode, fullName: fullNameOf(claims) };
    },
  };
}
