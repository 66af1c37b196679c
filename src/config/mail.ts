// The mail settings, composed into Config by loadConfig: the SMTP server one-time codes are sent through.
import type { Env } from './env.ts';

export interface SmtpConfig {
  readonly url: string;
  readonly from: string;
}

/** SMTP_URL (smtp:// or smtps://, credentials in the URL) and the sender SMTP_FROM, together. */
export function smtpConfig(env: Env, problems: string[]): SmtpConfig | undefined {
  const url = env.SMTP_URL?.trim() || undefined;
  const from = env.SMTP_FROM?.trim() || undefined;
  if (!url) {
    if (from) problems.push('SMTP_FROM needs SMTP_URL');
    return undefined;
  }
  // The URL may hold a password: messages never repeat it.
  if (!/^smtps?:\/\/\S+$/.test(url)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  if (!from) {
    problems.push(
      'SMTP_URL needs SMTP_FROM, the sender address (e.g. "Comune di Prova <pagamenti@comune.example.it>")',
    );
  } else if (!/^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(from)) {
    problems.push(`SMTP_FROM must be an e-mail address, optionally with a name, got "${from}"`);
  }
  return from ? { url, from } : undefined;
}
