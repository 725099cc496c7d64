// Contract documents, pure: contract, items and audit events in, PDF bytes out. A draft carries a watermark and no
// seal; a formal document carries the vendor's e-seal (and, on the dual channel, the customer's seal or signature).
import { createHash } from 'node:crypto';
import { degrees, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { auditEventWords } from '../domain/audit.js';
import type { DocKind } from '../domain/documents.js';
import { channelLabel, formatCents, ORDER_TYPE_LABEL } from '../domain/labels.js';
import { localTime } from '../domain/local-time.js';
import type { Kind, OrderType, PartyA, SealChannel, State, SubjectType } from '../domain/types.js';
import { type Vendor, vendorProfile } from '../domain/vendors.js';
import { useNativeDeflate } from './deflate.js';
import { drawText } from './emphasis.js';
import { cachingFontkit, fontBytes } from './fonts.js';
import { roundSeal, signatureMark } from './seal.js';
import { clauses, title } from './text.js';

export interface DocumentItem {
  ref: string;
  type?: OrderType | null;
  date?: string | null;
  amountCents?: number | null;
}

export interface DocumentEvent {
  at: Date;
  actor: string;
  action: string;
  from: State | null;
  to: State | null;
}

export interface DocumentInput {
  /** Draft (watermark, no seal) or formal (seals, signer). */
  edition: DocKind;
  number: string;
  kind: Kind;
  channel: SealChannel;
  /** Whose contract it is: Party B, the titles, the clauses and the seal's words. */
  vendor: Vendor;
  subjectType: SubjectType;
  partyA: PartyA;
  totalCents: number;
  frameworkNumber: string | null;
  issuedAt: Date;
  effectiveAt: Date | null;
  signer: { name: string; at: Date } | null;
  items: DocumentItem[];
  events: DocumentEvent[];
  timeZone: string;
  /** The names the audit page shows for the Slack users among the events' actors. */
  actorNames?: Record<string, string>;
}

/** What the fingerprint is, in words, printed under it: people type it into /contract verify. */
export const FINGERPRINT_EXPLAINED = {
  zh: '内容指纹：对合同内容（不含签章图像）计算的 SHA-256，可用 /contract verify 核验（输入全部或前 8 位以上）。',
  en: 'Content fingerprint: the SHA-256 of the contract content (seal images excluded); check it with /contract verify (all of it or its first 8+ characters).',
};

const A4: [number, number] = [595.28, 841.89];
/** Widths depend only on the font file, so they outlive each document (keyed by the font's PostScript name). */
const WIDTHS = new Map<string, Map<string, number>>();
const CLOSING = '，。、；：？！）》」』”’';
const M = 56;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.45, 0.45, 0.5);

/** The fingerprint printed on the audit page: SHA-256 over the document's content, independent of PDF encoding. */
export function contentFingerprint(d: DocumentInput): string {
  const content = {
    ...d,
    events: d.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    issuedAt: d.issuedAt.toISOString(),
    effectiveAt: d.effectiveAt?.toISOString() ?? null,
    signer: d.signer && { ...d.signer, at: d.signer.at.toISOString() },
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const formatTime = (at: Date, timeZone: string) => localTime(at, timeZone, { seconds: true });

class Writer {
  page!: PDFPage;
  y = 0;
  pages: PDFPage[] = [];
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    this.newPage();
  }
  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - M;
  }
  ensure(h: number): void {
    if (this.y - h < M + 20) this.newPage();
  }
  /** One character's width at size 1, measured once per process: fontkit's layout is the costly part of rendering. */
  charWidth(font: PDFFont, ch: string): number {
    let m = WIDTHS.get(font.name);
    if (!m) WIDTHS.set(font.name, (m = new Map()));
    let w = m.get(ch);
    if (w === undefined) m.set(ch, (w = font.widthOfTextAtSize(ch, 1)));
    return w;
  }
  width(font: PDFFont, text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += this.charWidth(font, ch);
    return w * size;
  }
  /** Wraps by width, character by character: Chinese has no spaces to break at. */
  lines(text: string, size: number, width: number, font = this.font): string[] {
    const out: string[] = [];
    let line = '';
    let lineWidth = 0;
    for (const ch of text) {
      const w = this.charWidth(font, ch) * size;
      // Closing punctuation never starts a line (kinsoku): it may overhang the margin a little instead.
      if (lineWidth + w > width && line && !CLOSING.includes(ch)) {
        out.push(line);
        line = ch;
        lineWidth = w;
      } else {
        line += ch;
        lineWidth += w;
      }
    }
    if (line) out.push(line);
    return out;
  }
  text(text: string, opts: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; x?: number; width?: number; gap?: number } = {}): void {
    const size = opts.size ?? 10;
    const x = opts.x ?? M;
    for (const l of this.lines(text, size, opts.width ?? A4[0] - x - M)) {
      this.ensure(size * 1.6);
      drawText(this.page, l, { x, y: this.y - size, size, font: this.font, color: opts.color ?? INK, bold: opts.bold });
      this.y -= size * 1.6;
    }
    this.y -= opts.gap ?? 0;
  }
  row(cells: string[], widths: number[], opts: { bold?: boolean; size?: number; wrap?: boolean } = {}): void {
    const size = opts.size ?? 9;
    const font = this.font;
    // The audit page wraps its cells: a cut cell once hid the last state of the trail.
    const lines = cells.map((c, i) => (opts.wrap ? c.split('\n').flatMap((part) => this.lines(part, size, widths[i]! - 4)) : [c]));
    const height = size * 1.9 + (Math.max(1, ...lines.map((l) => l.length)) - 1) * size * 1.35;
    this.ensure(height);
    let x = M;
    lines.forEach((cell, i) => {
      cell.forEach((text, j) => {
        let s = text;
        while (s.length > 1 && this.width(font, s, size) > widths[i]! - 4) s = s.slice(0, -1);
        drawText(this.page, s, { x: x + 2, y: this.y - size - 2 - j * size * 1.35, size, font, color: INK, bold: opts.bold });
      });
      x += widths[i]!;
    });
    this.y -= height;
    this.page.drawLine({ start: { x: M, y: this.y + 1 }, end: { x: A4[0] - M, y: this.y + 1 }, thickness: 0.3, color: GREY });
  }
}

const FONT_NAME = 'NotoSansSC-Regular'; // the font file's PostScript name

/**
 * The font's name in the PDF. A subset is named with a tag of six capital letters and a plus sign before the font's
 * own name (ISO 32000-1, 9.6.4), which is how readers and PDF/A checkers tell a subset from the whole font; pdf-lib
 * would append a number instead. The tag comes from the document's number and edition, so it stays the same from one
 * rendering of a document to the next.
 */
function fontName(d: DocumentInput, subset: boolean): string {
  if (!subset) return FONT_NAME;
  const digest = createHash('sha256').update(`${d.number}\0${d.edition}`).digest();
  const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${tag}+${FONT_NAME}`;
}

export async function renderContract(d: DocumentInput, opts: { subset?: boolean } = {}): Promise<Uint8Array> {
  useNativeDeflate();
  const doc = await PDFDocument.create();
  // pdf-lib's Fontkit type is all of fontkit; the shim has what pdf-lib calls (create, and the font's methods it uses).
  doc.registerFontkit(cachingFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const fonts = fontBytes();
  const subset = opts.subset ?? true;
  const font = await doc.embedFont(fonts.regular, { subset, customName: fontName(d, subset) });
  const partyB = vendorProfile(d.vendor).partyB;
  const heading = title(d.kind, d.vendor);
  const channel = channelLabel(d.channel, d.vendor);
  doc.setTitle(`${d.number} ${heading.zh}`);
  doc.setSubject(d.edition === 'draft' ? '草稿 / draft' : '正式合同 / formal contract');
  doc.setProducer('contract-desk');
  doc.setCreator('contract-desk');
  doc.setCreationDate(d.issuedAt);
  doc.setModificationDate(d.issuedAt);
  const w = new Writer(doc, font);

  // Title and parties
  w.text(heading.zh, { size: 20, bold: true });
  w.text(heading.en, { size: 10, color: GREY, gap: 6 });
  w.text(`合同编号 Contract No.：${d.number}`, { size: 10 });
  w.text(`签章方式 Seal channel：${channel.zh} / ${channel.en}`, { size: 10 });
  w.text(`生成时间 Issued：${formatTime(d.issuedAt, d.timeZone)}（${d.timeZone}）`, { size: 10, gap: 10 });
  w.text('甲方 Party A', { size: 12, bold: true });
  w.text(`名称：${d.partyA.name}`);
  w.text(`地址：${d.partyA.address}`);
  w.text(`联系人：${d.partyA.contactName}    电话：${d.partyA.phone}    邮箱：${d.partyA.email}`, { gap: 8 });
  w.text('乙方 Party B', { size: 12, bold: true });
  w.text(`名称：${partyB.name}`);
  w.text(`地址：${partyB.address}`, { gap: 10 });

  for (const c of clauses(d.kind, d.frameworkNumber, d.vendor)) w.text(c, { size: 10, gap: 4 });
  w.y -= 6;

  // Items
  if (d.items.length) {
    w.text(d.kind === 'filing' ? '附表：备案号 Schedule: ICP filing numbers' : '附表：订单 Schedule: orders', { size: 12, bold: true, gap: 2 });
    if (d.kind === 'filing') {
      w.row(['#', '备案号 Filing number'], [40, A4[0] - 2 * M - 40], { bold: true });
      d.items.forEach((it, i) => w.row([String(i + 1), it.ref], [40, A4[0] - 2 * M - 40]));
    } else {
      const widths = [28, 190, 80, 90, A4[0] - 2 * M - 388];
      w.row(['#', '订单号 Order', '类型 Type', '日期 Date', '金额 Amount'], widths, { bold: true });
      d.items.forEach((it, i) =>
        w.row(
          [String(i + 1), it.ref, it.type ? ORDER_TYPE_LABEL[it.type].zh : '', it.date ?? '', it.amountCents != null ? formatCents(it.amountCents) : ''],
          widths,
        ),
      );
      w.row(['', '合计 Total', '', '', formatCents(d.totalCents)], widths, { bold: true });
    }
    w.y -= 10;
  }

  // Signature blocks
  w.ensure(170);
  const top = w.y;
  const half = (A4[0] - 2 * M) / 2;
  drawText(w.page, '甲方（签章）Party A', { x: M, y: top - 12, size: 11, font, color: INK, bold: true });
  w.page.drawText(d.partyA.name, { x: M, y: top - 30, size: 9, font, color: INK });
  drawText(w.page, '乙方（签章）Party B', { x: M + half, y: top - 12, size: 11, font, color: INK, bold: true });
  w.page.drawText(partyB.name, { x: M + half, y: top - 30, size: 9, font, color: INK });
  const dateText = d.effectiveAt ? formatTime(d.effectiveAt, d.timeZone).slice(0, 10) : '____年__月__日';
  w.page.drawText(`日期：${dateText}`, { x: M, y: top - 150, size: 9, font, color: INK });
  w.page.drawText(`日期：${dateText}`, { x: M + half, y: top - 150, size: 9, font, color: INK });
  if (d.edition === 'formal') {
    roundSeal(w.page, font, M + half + 90, top - 85, 48, partyB.name, '电子合同专用章');
    if (d.channel === 'dual_seal' && d.signer) {
      if (d.subjectType === 'enterprise') roundSeal(w.page, font, M + 90, top - 85, 48, d.partyA.name, `签署人 ${d.signer.name}`);
      else signatureMark(w.page, font, M + 20, top - 100, d.signer.name, formatTime(d.signer.at, d.timeZone));
    }
  }
  w.y = top - 170;

  // Audit page
  w.newPage();
  w.text('操作记录 Audit trail', { size: 14, bold: true, gap: 4 });
  w.text(`${d.number} · 时间均为 ${d.timeZone} 时区 Times in ${d.timeZone}`, { size: 9, color: GREY, gap: 4 });
  const widths = [86, 96, 120, A4[0] - 2 * M - 302];
  w.row([`时间 Time`, '操作人 By', '操作 Action', '状态 State'], widths, { bold: true, size: 8 });
  const names = new Map(Object.entries(d.actorNames ?? {}));
  for (const e of d.events) {
    const zh = auditEventWords(e, { names, timeZone: d.timeZone, vendor: d.vendor }, 'zh');
    const en = auditEventWords(e, { names, timeZone: d.timeZone, vendor: d.vendor }, 'en');
    const who = zh.who === en.who ? zh.who : `${zh.who}\n${en.who}`;
    w.row([formatTime(e.at, d.timeZone).slice(0, 16), who, `${zh.what}\n${en.what}`, zh.move], widths, { size: 8, wrap: true });
  }
  w.y -= 8;
  w.text('内容指纹 Content fingerprint (SHA-256)：', { size: 9, bold: true });
  w.text(contentFingerprint(d), { size: 8 });
  w.text(FINGERPRINT_EXPLAINED.zh, { size: 8, color: GREY });
  w.text(FINGERPRINT_EXPLAINED.en, { size: 8, color: GREY });

  // Watermark and page numbers
  w.pages.forEach((p, i) => {
    if (d.edition === 'draft') {
      const mark = '草稿 / DRAFT — 无法律效力';
      const size = 40;
      const len = font.widthOfTextAtSize(mark, size);
      // Centred on the page along the diagonal.
      const cx = A4[0] / 2 - (len / 2) * Math.SQRT1_2;
      const cy = A4[1] / 2 - (len / 2) * Math.SQRT1_2;
      drawText(p, mark, { x: cx, y: cy, size, font, color: rgb(0.75, 0.75, 0.78), opacity: 0.35, rotate: degrees(45), bold: true });
    }
    p.drawText(`${d.number} · ${i + 1} / ${w.pages.length}`, { x: M, y: 28, size: 8, font, color: GREY });
  });
  return doc.save({ useObjectStreams: true });
}
