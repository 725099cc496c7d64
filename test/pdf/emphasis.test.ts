// Bold drawn from the regular face: it must look heavier, read the same, and leave one font in the file.
import { execFileSync } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../bench/sample-pdf.js';
import { renderContract } from '../../src/pdf/document.js';
import { drawText } from '../../src/pdf/emphasis.js';
import { cachingFontkit, fontBytes } from '../../src/pdf/fonts.js';
import { darkPixelsPerPage, pdfText } from '../helpers/poppler.js';

async function oneLine(opts: { bold: boolean; opacity?: number }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(cachingFontkit as never);
  const font = await doc.embedFont(fontBytes().regular, { subset: true });
  const page = doc.addPage([400, 80]);
  drawText(page, '合同编号 Contract', { x: 10, y: 30, size: 28, font, bold: opts.bold, opacity: opts.opacity });
  return doc.save();
}

describe('synthetic bold', () => {
  it('inks more of the page than the regular face and reads as the same words', async () => {
    const regular = await oneLine({ bold: false });
    const bold = await oneLine({ bold: true });
    const [r] = darkPixelsPerPage(regular, 144);
    const [b] = darkPixelsPerPage(bold, 144);
    expect(b).toBeGreaterThan(r! * 1.15);
    expect(pdfText(bold).trim()).toBe('合同编号 Contract');
  });

  it('keeps a faint text faint: the outline takes the opacity too', async () => {
    const solid = await oneLine({ bold: true });
    const faint = await oneLine({ bold: true, opacity: 0.2 });
    expect(darkPixelsPerPage(faint, 144)[0]).toBe(0);
    expect(darkPixelsPerPage(solid, 144)[0]).toBeGreaterThan(0);
  });

  it('leaves one font in a contract, bold headings and seals included', async () => {
    const d = sampleDocument();
    const bytes = await renderContract(d);
    const fonts = execFileSync('pdffonts', ['-'], { input: Buffer.from(bytes) })
      .toString('utf8')
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(fonts).toHaveLength(1);
    // A subset, named as one (a six-letter tag and "+"): pdffonts' "sub" column says yes.
    expect(fonts[0]).toMatch(/^[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });
});
