// One export's rows read into orders, monthly bills or filing numbers: each row either an item or the reasons it is
// refused (its row number, the column as the file names it, why). Pure: the table comes in, values go out.
import type { Messages } from './errors.js';
import { type Column, type Columns, type Field, FIELD_NAME, ID_NAME } from './import-columns.js';
import { type ImportKind, importMessage, type ImportParams, type ImportWord } from './import-words.js';
import { cleanText } from './text.js';
import type { OrderType } from './types.js';

/** A cell as CSV (text) or XLSX (text, number, date, boolean) gives it. */
export type Cell = string | number | boolean | Date | null | undefined;

export interface OrderItem {
  id: string;
  type: OrderType;
  product: string;
  amountCents: number;
  createdOn: string;
}

export interface FilingItem {
  id: string;
  domain: string;
  createdOn: string;
}

export type ImportItem = OrderItem | FilingItem;

export interface ValidRow<T extends ImportItem = ImportItem> {
  /** The row number as a spreadsheet shows it (the header row included). */
  row: number;
  item: T;
}

export interface RowError {
  row: number;
  /** When rows come from an API rather than a file: the item's id as its source names it, shown instead of the row. */
  ref?: string;
  /** The column's header as the file has it ('' when the problem is not one column's). */
  column: string;
  message: Messages;
}

export interface ReadRows {
  valid: ValidRow[];
  errors: RowError[];
}

const MAX_TEXT = 200;
/** Far beyond any order: ¥10^11. Keeps every amount a safe integer of fen. */
const MAX_CENTS = 10_000_000_000_000;
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const BILL_ID = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$/;
// 京ICP备12345678号-1: a province, ICP备 (filing) or ICP证 (licence), the number, 号, and the site's index.
const FILING = /^[\u4e00-\u9fff]ICP[备证證]\d{4,}号(-\d{1,4})?$/;

/** Words in a type, pay-mode or action column: what they make the order, or null for a neutral action (renew...). */
const TYPE_WORDS: Record<string, OrderType | null> = {};
const addWords = (type: OrderType | null, words: string[]) => words.forEach((w) => (TYPE_WORDS[w] = type));
addWords('prepaid', ['prepaid', 'prepay', 'prepayment', '预付费', '预付', '包年包月', '包年/包月', '包年包月订单', 'ripay', '预留实例', '预留合约', '1']);
addWords('postpaid', ['postpaid', 'postpay', '后付费', '后付', '按量计费', '按量付费', '按需', '按需计费', '按量', '0']);
addWords('refund', ['refund', '退款', '退费', '退订', '包年包月退款', '预留实例退款']);
addWords('monthly_bill', ['monthly_bill', 'monthlybill', 'monthly bill', 'bill', '月结', '月结账单', '账单']);
addWords('marketplace', ['marketplace', '云市场', '云市场订单', '第三方']);
addWords(null, [
  'purchase',
  'new',
  '新购',
  '购买',
  'renew',
  '续费',
  'upgrade',
  '升配',
  'downgrade',
  '降配',
  '变配',
  '配置变更',
  '改配',
  'modifynetworkmode',
  'modifynetworksize',
  '调整带宽模式',
  '调整带宽大小',
  'premovein',
  'premoveout',
  'postmovein',
  'postmoveout',
  'pretopost',
]);
// The order types that override the pay mode: a refund of a prepaid order is a refund.
const STRONG: readonly OrderType[] = ['refund', 'marketplace', 'monthly_bill'];

// Tencent's DescribeDealsByCond Status: 1 未支付 … 12 支付中. Unpaid, closed and expired orders are no one's purchase.
const PAID_STATUS = new Set([
  '2',
  '3',
  '4',
  '5',
  '6',
  '10',
  '已支付',
  '已发货',
  '发货中',
  '发货失败',
  '已退款',
  '产品已失效',
  '已完成',
  '完成',
  '交易成功',
  '成功',
  '已生效',
]);
PAID_STATUS.add('paid').add('delivered').add('delivering').add('completed').add('success').add('refunded');
const UNPAID_STATUS = new Set(['1', '7', '8', '9', '11', '12', '未支付', '待支付', '已关单', '已关闭', '已取消', '订单过期', '已过期', '订单已失效', '已失效']);
['代付拒绝', '支付中', 'unpaid', 'cancelled', 'canceled', 'closed', 'expired', 'pending', 'paying'].forEach((w) => UNPAID_STATUS.add(w));

/**
 * An export repeats a handful of words in its type, status and product columns over 100,000 rows: each distinct text is
 * read once (a quarter of the validation's CPU in bench/import.ts). Bounded, and pure: the same text, the same answer.
 */
function memo<T>(read: (s: string) => T, max = 4096): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    const hit = seen.get(s);
    if (hit !== undefined) return hit;
    const v = read(s);
    if (seen.size >= max) seen.clear();
    seen.set(s, v);
    return v;
  };
}

class RowReader {
  readonly errors: RowError[] = [];
  constructor(
    readonly cells: readonly Cell[],
    readonly row: number,
    readonly columns: Columns,
  ) {}

  fail(field: Field | Column | null, code: ImportWord, params: ImportParams = {}): null {
    const col = field === null ? null : typeof field === 'string' ? this.columns[field] : field;
    this.errors.push({ row: this.row, column: col?.header ?? '', message: importMessage(code, params) });
    return null;
  }

  cell(field: Field): Cell {
    const c = this.columns[field];
    return c ? this.cells[c.index] : undefined;
  }

  /** The cell as text, trimmed; '' when empty. */
  text(field: Field): string {
    return cellText(this.cell(field));
  }
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).trim();
}

const isBlank = (cells: readonly Cell[]) => cells.every((c) => cellText(c) === '');

/** Free text (a product, a domain): one line, no control characters, at most 200 characters. */
const cleanLine = memo((raw: string) => cleanText(raw, 'line'));

function freeText(r: RowReader, field: Field): string | null {
  const clean = cleanLine(r.text(field));
  if (!clean.ok) return r.fail(field, 'TEXT_UNPRINTABLE', { char: clean.char });
  if (clean.value.length > MAX_TEXT) return r.fail(field, 'TEXT_TOO_LONG', { max: MAX_TEXT });
  return clean.value;
}

/** An id: text as typed, or a number Excel stored whole (a long order id it rounded cannot be trusted). */
function idText(r: RowReader, field: Field): string | null {
  const v = r.cell(field);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return r.fail(field, 'ORDER_ID_INVALID', { value: String(v) });
    return String(v);
  }
  const s = r.text(field);
  if (!s) return r.fail(field, 'VALUE_REQUIRED');
  return s;
}

// Up to 13 digits of yuan stay a safe integer of fen; longer ones take the general path and its checks.
const PLAIN_YUAN = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Yuan (at most two decimals, ¥ and thousands separators allowed) or whole fen, as the column counts. */
export function parseAmount(v: Cell, unit: 'yuan' | 'fen'): { cents: number } | { error: ImportWord } | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: unit === 'fen' ? 'AMOUNT_FEN_INVALID' : 'AMOUNT_INVALID' };
    const cents = unit === 'fen' ? v : Math.round(v * 100);
    if (unit === 'fen' ? !Number.isInteger(v) : Math.abs(v * 100 - cents) > 1e-6) return { error: unit === 'fen' ? 'AMOUNT_FEN_INVALID' : 'AMOUNT_INVALID' };
    return Math.abs(cents) > MAX_CENTS ? { error: 'AMOUNT_TOO_LARGE' } : { cents: cents === 0 ? 0 : cents };
  }
  if (typeof v !== 'string') return { error: unit === 'fen' ? 'AMOUNT_FEN_INVALID' : 'AMOUNT_INVALID' };
  // Most cells are plain: 1234.5 or 123456 (fen). Read them without the symbol and separator handling below.
  const plain = unit === 'fen' ? null : PLAIN_YUAN.exec(v);
  if (plain) {
    const cents = Number(plain[2]) * 100 + (plain[3] ? Number(plain[3].padEnd(2, '0')) : 0);
    if (cents > MAX_CENTS) return { error: 'AMOUNT_TOO_LARGE' };
    return plain[1] && cents ? { cents: -cents } : { cents };
  }
  let s = v.trim().replace(/^[¥￥]|^(cny|rmb)\s*/i, '');
  if (!s) return null;
  if (/^-?[¥￥]/.test(s)) s = s.replace(/[¥￥]/, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  const m = unit === 'fen' ? /^(-?)(\d+)$/.exec(s) : /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return { error: unit === 'fen' ? 'AMOUNT_FEN_INVALID' : 'AMOUNT_INVALID' };
  if (m[2]!.length > 15) return { error: 'AMOUNT_TOO_LARGE' };
  const whole = Number(m[2]);
  const cents = unit === 'fen' ? whole : whole * 100 + Number((m[3] ?? '').padEnd(2, '0') || 0);
  if (cents > MAX_CENTS) return { error: 'AMOUNT_TOO_LARGE' };
  return { cents: m[1] && cents ? -cents : cents };
}

const pad = (n: number) => String(n).padStart(2, '0');
const validDay = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1990 && y <= 2999 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

// 2024-03-01 or 2024-03-01 10:00:00, as nearly every export writes it; the day part is checked once per distinct day.
const ISO_DAY = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/;
const isoDay = memo((d: string) => (validDay(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))) ? d : null));

/** A day as the exports write it: 2024-03-01, 2024/3/1, 2024年3月1日, with or without a time; an XLSX date or serial. */
export function parseDay(v: Cell): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    // XLSX dates carry the wall-clock day in UTC: read it there, whatever this process's zone.
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  }
  if (typeof v === 'number') {
    // An Excel serial day (1 = 1900-01-01, with Excel's phantom 1900-02-29): day 25569 is 1970-01-01.
    if (!Number.isInteger(v) || v < 25_569 || v > 400_000) return null;
    return parseDay(new Date((v - 25_569) * 86_400_000));
  }
  const text = String(v).trim();
  const iso = ISO_DAY.exec(text);
  if (iso) return isoDay(iso[1]!);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) {
    const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    if (!compact) return null;
    return validDay(+compact[1]!, +compact[2]!, +compact[3]!) ? `${compact[1]}-${compact[2]}-${compact[3]}` : null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
}

/** A bill month: 2024-03, 2024/3, 2024年3月, 202403; an XLSX date's month. */
export function parseMonth(v: Cell): string | null {
  if (v instanceof Date || typeof v === 'number') return parseDay(v)?.slice(0, 7) ?? null;
  const s = cellText(v);
  const text = String(v).trim();
  const iso = ISO_DAY.exec(text);
  if (iso) return isoDay(iso[1]!);
  const m = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$/.exec(s) ?? /^(\d{4})-(\d{2})-01$/.exec(s);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  return validDay(y, mo, 1) ? `${y}-${pad(mo)}` : null;
}

function day(r: RowReader, field: Field, today: string): string | null {
  const raw = r.cell(field);
  if (cellText(raw) === '') return r.fail(field, 'VALUE_REQUIRED');
  const d = parseDay(raw);
  if (!d) return r.fail(field, 'DATE_INVALID', { value: cellText(raw) });
  if (d > today) return r.fail(field, 'DATE_FUTURE', { value: d });
  return d;
}

function amount(r: RowReader): number | null {
  // What was paid when the export has it, else the order's amount.
  for (const field of ['paid', 'total'] as const) {
    const col = r.columns[field];
    if (!col) continue;
    const raw = r.cell(field);
    const a = parseAmount(raw, col.unit);
    if (a === null) continue;
    if ('error' in a) return r.fail(field, a.error, { value: cellText(raw) });
    return a.cents;
  }
  return r.fail(r.columns.paid ? 'paid' : 'total', 'VALUE_REQUIRED');
}

type TypeWord = { type: OrderType } | { unknown: Field; value: string } | { none: true };

/** A type, action or pay-mode word: what it makes the order, or null for a neutral action (renew...). */
const typeWord = memo((s: string): OrderType | null | undefined => {
  const key = s.toLowerCase().replace(/\s+/g, s.includes('_') ? '' : ' ');
  return key in TYPE_WORDS ? (TYPE_WORDS[key] ?? null) : undefined;
});

function resolveType(texts: readonly [Field, string][]): TypeWord {
  let strong: OrderType | null = null;
  let mode: OrderType | null = null;
  let unknown: [Field, string] | null = null;
  for (const [field, s] of texts) {
    const t = typeWord(s);
    if (t === undefined) {
      unknown ??= [field, s];
      continue;
    }
    if (t && STRONG.includes(t)) strong ??= t;
    else if (t) mode ??= t;
  }
  const type = strong ?? mode;
  if (type) return { type };
  return unknown ? { unknown: unknown[0], value: unknown[1] } : { none: true };
}

function orderType(r: RowReader): OrderType | null {
  const texts: [Field, string][] = [];
  for (const field of ['type', 'action', 'payMode'] as const) {
    const s = r.text(field);
    if (s) texts.push([field, s]);
  }
  const w = resolveType(texts);
  if ('type' in w) return w.type;
  if ('unknown' in w) return r.fail(w.unknown, 'TYPE_INVALID', { value: w.value });
  const first = (['type', 'payMode', 'action'] as const).find((f) => r.columns[f]) ?? 'type';
  return texts.length ? r.fail(first, 'TYPE_INVALID', { value: r.text(first) }) : r.fail(first, 'VALUE_REQUIRED');
}

const statusWord = memo((s: string): 'paid' | 'unpaid' | 'unknown' => {
  const key = s.toLowerCase();
  return PAID_STATUS.has(key) ? 'paid' : UNPAID_STATUS.has(key) ? 'unpaid' : 'unknown';
});

function paidStatus(r: RowReader): boolean {
  const s = r.text('status');
  if (!s) return true;
  const w = statusWord(s);
  if (w === 'paid') return true;
  return Boolean(r.fail('status', w === 'unpaid' ? 'STATUS_UNPAID' : 'STATUS_INVALID', { value: s }));
}

function readOrder(r: RowReader, today: string): OrderItem | null {
  const id = idText(r, 'id');
  if (id !== null && !ORDER_ID.test(id)) r.fail('id', 'ORDER_ID_INVALID', { value: id });
  const type = orderType(r);
  const product = freeText(r, 'product');
  let cents = amount(r);
  const createdOn = day(r, 'date', today);
  const paid = paidStatus(r);
  // A refund is money back: the consoles show it positive or negative, the contract counts it negative.
  if (cents !== null && type === 'refund') cents = -Math.abs(cents);
  else if (cents !== null && cents < 0 && type !== null) cents = r.fail(r.columns.paid ? 'paid' : 'total', 'AMOUNT_NEGATIVE');
  if (r.errors.length || !paid || id === null || type === null || product === null || cents === null || createdOn === null) return null;
  return { id, type, product, amountCents: cents, createdOn };
}

function readBill(r: RowReader, today: string): OrderItem | null {
  const rawMonth = r.cell('month');
  const month = cellText(rawMonth) === '' ? r.fail('month', 'VALUE_REQUIRED') : parseMonth(rawMonth);
  if (month === null && cellText(rawMonth) !== '') r.fail('month', 'MONTH_INVALID', { value: cellText(rawMonth) });
  if (month && month > today.slice(0, 7)) r.fail('month', 'DATE_FUTURE', { value: month });
  const product = freeText(r, 'product');
  const given = r.columns.id ? r.text('id') : '';
  if (given && !BILL_ID.test(given)) r.fail('id', 'BILL_ID_INVALID', { value: given });
  const cents = amount(r);
  if (cents !== null && cents < 0) r.fail(r.columns.paid ? 'paid' : 'total', 'AMOUNT_NEGATIVE');
  const type = r.columns.type ? r.text('type') : '';
  if (type && TYPE_WORDS[type.toLowerCase()] !== 'monthly_bill') r.fail('type', 'TYPE_IN_BILLS', { value: type });
  if (r.errors.length || !month || product === null || cents === null) return null;
  // A console's monthly summary has no bill id: the month and the product name it (2024-03/云服务器 CVM).
  const id = given || (product ? `${month}/${product}` : month);
  return { id, type: 'monthly_bill', product, amountCents: cents, createdOn: `${month}-01` };
}

function readFiling(r: RowReader, today: string): FilingItem | null {
  const raw = idText(r, 'id');
  const id = raw?.replace(/\s+/g, '').replace(/[－—–]/g, '-') ?? null;
  if (id !== null && !FILING.test(id)) r.fail('id', 'FILING_INVALID', { value: raw! });
  const domain = freeText(r, 'domain');
  const createdOn = day(r, 'date', today);
  if (r.errors.length || id === null || domain === null || createdOn === null) return null;
  return { id, domain, createdOn };
}

const READERS = { orders: readOrder, bills: readBill, filings: readFiling } as const;

/**
 * Reads the data rows under a header row. `firstRow` is the spreadsheet row number of rows[0]. A blank row is skipped;
 * an id seen before is refused with the row it repeats (the first stays).
 */
export function readRows(kind: ImportKind, columns: Columns, rows: readonly (readonly Cell[])[], firstRow: number, today: string): ReadRows {
  const read = READERS[kind];
  const valid: ValidRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i]!;
    if (isBlank(cells)) continue;
    const r = new RowReader(cells, firstRow + i, columns);
    const item = read(r, today);
    if (item) {
      const first = seen.get(item.id);
      if (first !== undefined) r.fail(columns.id ? 'id' : null, 'DUPLICATE_ROW', { value: item.id, row: first });
      else {
        seen.set(item.id, r.row);
        valid.push({ row: r.row, item });
      }
    }
    for (const e of r.errors) errors.push(e);
  }
  return { valid, errors };
}

/** How a row error reads: "第 7 行 · 金额：…" / "Row 7 · amount: …". */
export function rowErrorText(e: RowError, l: 'zh' | 'en'): string {
  const col = e.column ? (l === 'zh' ? ` · ${e.column}：` : ` · ${e.column}: `) : l === 'zh' ? '：' : ': ';
  const where = e.ref !== undefined ? (l === 'zh' ? `订单 ${e.ref}` : `Order ${e.ref}`) : l === 'zh' ? `第 ${e.row} 行` : `Row ${e.row}`;
  return `${where}${col}${e.message[l]}`;
}

export { FIELD_NAME, ID_NAME };
