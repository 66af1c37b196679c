// The start-up warnings about how Cassa is reached (issue 11): listening on a network address without
// TLS while PUBLIC_URL is not https (the portal then works over plain HTTP, with a banner, ADR 0015),
// and PUBLIC_URL left at localhost while listening on the network (receipt QR codes and payers'
// returns from Checkout would point to localhost).
import { isLoopbackHost } from '../http/web/transport.ts';

export interface NetworkSettings {
  host: string;
  port: number;
  publicUrl: string;
  tls: unknown;
}

export function networkWarnings(config: NetworkSettings): string[] {
  if (isLoopbackHost(config.host)) return [];
  const warnings: string[] = [];
  if (!config.tls && !config.publicUrl.startsWith('https:')) {
    warnings.push(
      `Cassa listens on ${config.host}:${config.port} over plain HTTP: on any address other than localhost the portal works with cookies that are not Secure and shows a "Connection not secure" banner. For real use set TLS_CERT_FILE and TLS_KEY_FILE (or put Cassa behind an HTTPS proxy listed in TRUST_PROXY) and an https:// PUBLIC_URL`,
    );
  }
  if (isLoopbackHost(new URL(config.publicUrl).hostname)) {
    warnings.push(
      `PUBLIC_URL is ${config.publicUrl} while Cassa listens on ${config.host}: receipt QR codes and the payers' way back from Checkout would point to localhost. Set PUBLIC_URL to the address citizens reach Cassa at`,
    );
  }
  return warnings;
}
