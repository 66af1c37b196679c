// Reads generated PDFs back the way a person or a scanner would: poppler's pdftotext for the text,
// pdftoppm + zbarimg for QR codes, pdftoppm + dmtxread for DataMatrix symbols (Debian packages
// poppler-utils, zbar-tools and dmtx-utils, installed by .ci/run).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function withPdfFile<T>(pdf: Uint8Array, fn: (dir: string, file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cassa-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await fn(dir, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of every page, in layout order (pdftotext -layout); pages separated by form feeds. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdfFile(
    pdf,
    async (_dir, file) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout,
  );
}

/** Number of pages (pdfinfo). */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  return withPdfFile(pdf, async (_dir, file) => {
    const { stdout } = await run('pdfinfo', [file]);
    return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
  });
}

/** The PDF's metadata fields as pdfinfo prints them (Title, Author, Producer, Pages…). */
export async function pdfInfo(pdf: Uint8Array): Promise<Record<string, string>> {
  return withPdfFile(pdf, async (_dir, file) => {
    const { stdout } = await run('pdfinfo', [file]);
    return Object.fromEntries(
      stdout
        .split('\n')
        .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
  });
}

async function renderPages(dir: string, file: string, dpi: number): Promise<string[]> {
  await run('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'page')]);
  return (await readdir(dir))
    .filter((f) => f.startsWith('page') && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}

/** Every QR code on every page, decoded (zbarimg), page by page in reading order. */
export async function decodeQrCodes(pdf: Uint8Array, dpi = 200): Promise<string[][]> {
  return withPdfFile(pdf, async (dir, file) => {
    const pages = await renderPages(dir, file, dpi);
    const result: string[][] = [];
    for (const page of pages) {
      // zbarimg exits 4 when a page has no symbol at all.
      const out = await run('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', page]).catch((e) => {
        if (e.code === 4) return { stdout: '' };
        throw e;
      });
      result.push(out.stdout.split('\n').filter((l) => l.length > 0));
    }
    return result;
  });
}

/**
 * Every DataMatrix on every page, decoded (dmtxread), page by page. `perPage` stops the scan of a
 * page after that many symbols (the scan is slow: seconds per page).
 */
export async function decodeDataMatrices(pdf: Uint8Array, perPage = 4, dpi = 150): Promise<string[][]> {
  return withPdfFile(pdf, async (dir, file) => {
    const pages = await renderPages(dir, file, dpi);
    const result: string[][] = [];
    for (const page of pages) {
      const { stdout } = await run('dmtxread', ['-n', '-N', String(perPage), '-m', '20000', page]).catch((e) => {
        if (e.code === 1) return { stdout: '' };
        throw e;
      });
      result.push(stdout.split('\n').filter((l) => l.length > 0));
    }
    return result;
  });
}
