// Bold without a second font. Embedding Noto Sans SC Bold next to the regular face put most characters in the PDF
// twice (49 of the bold subset's 57 CJK glyphs were also in the regular one): 12 KB of a 62 KB contract, and a second
// 10 MB font parsed in every process that renders. Bold text is the regular face drawn filled and outlined (PDF text
// rendering mode 2), the synthetic bold word processors use for fonts without a bold face. Text extraction and
// search see the same characters either way.
import {
  LineJoinStyle,
  type PDFPage,
  type PDFPageDrawTextOptions,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setGraphicsState,
  setLineJoin,
  setLineWidth,
  setStrokingColor,
  setTextRenderingMode,
  TextRenderingMode,
} from 'pdf-lib';

/** The outline's width as a share of the type size: close to Noto Sans SC Bold's stems at heading sizes. */
export const BOLD_STROKE = 0.045;

export type TextOptions = PDFPageDrawTextOptions & { bold?: boolean };

export function drawText(page: PDFPage, text: string, opts: TextOptions): void {
  const { bold, ...draw } = opts;
  if (!bold) {
    page.drawText(text, draw);
    return;
  }
  const size = draw.size ?? 12;
  page.pushOperators(
    pushGraphicsState(),
    setTextRenderingMode(TextRenderingMode.FillAndOutline),
    setLineWidth(size * BOLD_STROKE),
    // Round joins: mitred corners on small CJK strokes show as spikes.
    setLineJoin(LineJoinStyle.Round),
    setStrokingColor(draw.color ?? rgb(0, 0, 0)),
  );
  // drawText's opacity reaches the fill only (ca); the outline needs its own (CA), or a faint watermark gets a dark rim.
  if (draw.opacity !== undefined)
    page.pushOperators(setGraphicsState(page.node.newExtGState('GS', page.doc.context.obj({ Type: 'ExtGState', CA: draw.opacity }))));
  page.drawText(text, draw);
  page.pushOperators(popGraphicsState());
}
