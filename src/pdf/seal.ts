// Seals drawn in vector: the vendor's round e-seal, a company's round seal, a person's signature mark.
import { degrees, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { drawText } from './emphasis.js';

const RED = rgb(0.82, 0.1, 0.12);

function star(page: PDFPage, cx: number, cy: number, r: number): void {
  const pts: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? r * 0.4 : r;
    pts.push([cx + rr * Math.cos(a), cy - rr * Math.sin(a)]);
  }
  const path = pts.map(([x, y], i) => `${i ? 'L' : 'M'} ${x - cx} ${cy - y}`).join(' ') + ' Z';
  page.drawSvgPath(path, { x: cx, y: cy, color: RED, borderWidth: 0 });
}

/** A round seal: ring, star, the name running round the top, a line below. */
export function roundSeal(page: PDFPage, font: PDFFont, cx: number, cy: number, r: number, name: string, below: string): void {
  page.drawCircle({ x: cx, y: cy, size: r, borderColor: RED, borderWidth: 2.2, opacity: 0, borderOpacity: 0.9 });
  star(page, cx, cy, r * 0.28);
  const chars = [...name];
  // The name may take at most 225° of the ring; a long one is set smaller rather than letting its characters overlap.
  const maxSpan = Math.PI * 1.25;
  const rr = r * 0.74;
  const pitch = 1.12; // arc between character centres, in type sizes
  const size = Math.min(13, (maxSpan * rr) / (Math.max(chars.length - 1, 1) * pitch));
  const span = Math.min(maxSpan, ((chars.length - 1) * size * pitch) / rr);
  chars.forEach((ch, i) => {
    // From left to right over the top of the ring, each glyph turned to face the centre.
    const a = Math.PI / 2 + span / 2 - (chars.length > 1 ? (i * span) / (chars.length - 1) : span / 2);
    const x = cx + rr * Math.cos(a);
    const y = cy + rr * Math.sin(a);
    const w = font.widthOfTextAtSize(ch, size);
    const rot = a - Math.PI / 2;
    drawText(page, ch, {
      x: x - (w / 2) * Math.cos(rot),
      y: y - (w / 2) * Math.sin(rot),
      size,
      font,
      color: RED,
      rotate: degrees((rot * 180) / Math.PI),
      bold: true,
    });
  });
  const bw = font.widthOfTextAtSize(below, 8);
  drawText(page, below, { x: cx - bw / 2, y: cy - r * 0.55, size: 8, font, color: RED, bold: true });
}

/** A person signs with a signature: the name in a red frame with the time. */
export function signatureMark(page: PDFPage, font: PDFFont, x: number, y: number, name: string, when: string): void {
  const w = Math.max(font.widthOfTextAtSize(name, 16), font.widthOfTextAtSize(when, 7)) + 16;
  page.drawRectangle({ x, y, width: w, height: 40, borderColor: RED, borderWidth: 1.5, opacity: 0, borderOpacity: 0.9 });
  drawText(page, name, { x: x + 8, y: y + 18, size: 16, font, color: RED, bold: true });
  drawText(page, when, { x: x + 8, y: y + 6, size: 7, font, color: RED, bold: true });
}
