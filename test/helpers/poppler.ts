// Reading PDFs as a person would: poppler's pdftotext for the words, pdftoppm for what the pages look like.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function pdfText(bytes: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(bytes) }).toString('utf8');
}

/** Renders every page to greyscale at low resolution; returns the count of dark pixels on each page. */
export function darkPixelsPerPage(bytes: Uint8Array, dpi = 40): number[] {
  return pixelsPerPage(bytes, (p) => p < 128, dpi);
}

/** Renders every page to greyscale; counts the pixels whose grey level (0 black .. 255 white) passes the test. */
export function pixelsPerPage(bytes: Uint8Array, pass: (grey: number) => boolean, dpi = 40): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'cd-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', file, join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort()
      .map((f) => {
        const data = readFileSync(join(dir, f));
        // P5 header: magic, width height, maxval, then one byte a pixel.
        const header = data.subarray(0, 20).toString('latin1').split(/\s+/);
        const [w, h] = [Number(header[1]), Number(header[2])];
        const pixels = data.subarray(data.length - w * h);
        let n = 0;
        for (const p of pixels) if (pass(p)) n += 1;
        return n;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
