// File names of the notices inside a ZIP: `<iupd>.pdf`, made safe to extract on any system. An IUPD
// may hold characters a file system refuses ("/", ":", "*"...) and two IUPDs may differ only in case,
// which Windows and macOS treat as one name; each such clash gets a numbered suffix.

const UNSAFE = /[^A-Za-z0-9._-]+/g;
// Names Windows reserves whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_STEM = 100;

/** `iupd` as a file-name stem: unsafe runs become "_", no leading dots, at most 100 characters. */
export function safeStem(iupd: string): string {
  let stem = iupd
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(UNSAFE, '_')
    .replace(/^[._]+/, '');
  stem = stem.slice(0, MAX_STEM).replace(/[._]+$/, '');
  if (stem === '') return 'avviso';
  return RESERVED.test(stem) ? `${stem}_` : stem;
}

/**
 * Hands out unique entry names. It remembers every name given (lower-cased): a ZIP's central
 * directory keeps every name until the end anyway, so this adds memory of the same order.
 */
export function entryNames(): (iupd: string) => string {
  const used = new Set<string>();
  return (iupd) => {
    const stem = safeStem(iupd);
    let name = `${stem}.pdf`;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem}-${n}.pdf`;
    used.add(name.toLowerCase());
    return name;
  };
}
