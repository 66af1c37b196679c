// Keys and certificates made for a test with openssl, in a folder the test owns: P-256 EC keys,
// self-signed authorities, and certificates (server, client, card, intermediate CA) signed by one.
// Each file is named after its certificate: `<name>.key`, `<name>.pem` (and `.csr`, `.ext`, `.srl`).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificateOptions {
  /** Extensions, one `name=value` a line, as in an openssl extension file. */
  ext?: string;
  /** How many days it is valid, from now; the workshop's `days` unless said. */
  days?: number;
}

export interface CertificateWorkshop {
  /** A self-signed CA `name`, with the subject `/CN=<name>` unless said. */
  authority(name: string, options?: CertificateOptions & { subject?: string }): void;
  /** A key and a certificate `name` for `subject` (openssl's `/C=…/CN=…`), signed by the CA `ca`. */
  issue(name: string, subject: string, ca: string, options?: CertificateOptions): void;
  /** A file of the folder, as bytes: `file('server.key')`. */
  file(name: string): Buffer;
  /** The PEM text of the certificate `name`. */
  pem(name: string): string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Makes certificates in `dir`, valid for `days` unless a certificate says otherwise. */
export function certificateWorkshop(dir: string, { days }: { days: number }): CertificateWorkshop {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const file = (name: string) => readFileSync(join(dir, name));
  return {
    authority(name, { subject = `/CN=${name}`, ext, days: valid = days } = {}) {
      const addext = (ext ?? '')
        .split('\n')
        .filter((line) => line !== '')
        .flatMap((line) => ['-addext', line]);
      openssl(
        'req',
        '-x509',
        ...EC_KEY,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.pem`,
        '-days',
        String(valid),
        '-subj',
        subject,
        ...addext,
      );
    },
    issue(name, subject, ca, { ext, days: valid = days } = {}) {
      openssl('req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
      if (ext) writeFileSync(join(dir, `${name}.ext`), ext);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${ca}.pem`,
        '-CAkey',
        `${ca}.key`,
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        String(valid),
        ...(ext ? ['-extfile', `${name}.ext`] : []),
      );
    },
    file,
    pem: (name) => file(`${name}.pem`).toString('utf8'),
  };
}
