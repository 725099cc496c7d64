// Every word an import says, in Chinese and English: what a bad file or a bad row is told, and the summary. Kept out of
// errors.ts's catalogue because these name a row and a column of a file, not a contract.
import type { Messages } from './errors.js';

export const IMPORT_WORDS = {
  // The file as a whole: shown under the file field.
  FILE_TYPE: { zh: '只能导入 CSV 或 XLSX 文件，「{name}」不是', en: 'Only CSV or XLSX files can be imported; "{name}" is neither' },
  FILE_TOO_LARGE: { zh: '文件超过 {max} MB（Slack 的上限）', en: 'The file is over {max} MB (Slack’s limit)' },
  FILE_COUNT: { zh: '请只选择一个文件', en: 'Choose one file only' },
  FILE_REQUIRED: { zh: '请选择要导入的文件', en: 'Choose a file to import' },
  FILE_UNREADABLE: {
    zh: '无法读取「{name}」：它不是有效的 {format} 文件（{detail}）',
    en: 'Cannot read "{name}": it is not a valid {format} file ({detail})',
  },
  FILE_DOWNLOAD: {
    zh: '无法从 Slack 下载文件（{detail}），请重新打开导入并再试一次',
    en: 'Could not download the file from Slack ({detail}); open Import again and retry',
  },
  FILE_EMPTY: { zh: '文件中没有数据行（第一行应为列名）', en: 'The file has no data rows (the first row holds the column names)' },
  FILE_TOO_MANY_ROWS: { zh: '文件有 {rows} 行数据，一次最多导入 {max} 行，请分开导入', en: 'The file has {rows} data rows; import at most {max} at a time' },
  MISSING_COLUMNS: {
    zh: '找不到必需的列：{columns}（第一行的列名：{found}）。可用的列名见导入说明',
    en: 'Required columns not found: {columns} (the first row reads: {found}). See the import guide for the names we read',
  },
  LOOKS_LIKE: {
    zh: '这个文件看起来是{other}，不是{chosen}：请在上方选择「{other}」',
    en: 'This file looks like {other}, not {chosen}: choose "{other}" above',
  },
  DUPLICATE_COLUMN: {
    zh: '第 1 行有两列都是「{field}」：「{a}」和「{b}」，请只保留一列',
    en: 'Row 1 has two columns for "{field}": "{a}" and "{b}"; keep one',
  },

  // One row: "row 7 · amount: why".
  VALUE_REQUIRED: { zh: '不能为空', en: 'is empty' },
  ORDER_ID_INVALID: {
    zh: '「{value}」不是订单号（字母、数字和 - _ . ，最多 64 个字符）',
    en: '"{value}" is not an order id (letters, digits and - _ . only, up to 64 characters)',
  },
  BILL_ID_INVALID: {
    zh: '「{value}」不是账单号（字母、数字和 - _ . / ，最多 64 个字符）',
    en: '"{value}" is not a bill id (letters, digits and - _ . / only, up to 64 characters)',
  },
  FILING_INVALID: { zh: '「{value}」不是 ICP 备案号（如 京ICP备12345678号-1）', en: '"{value}" is not an ICP filing number (e.g. 京ICP备12345678号-1)' },
  AMOUNT_INVALID: {
    zh: '「{value}」不是金额（单位：元，最多两位小数，如 1234.56）',
    en: '"{value}" is not an amount (in yuan, at most two decimals, e.g. 1234.56)',
  },
  AMOUNT_FEN_INVALID: { zh: '「{value}」不是以分为单位的整数金额', en: '"{value}" is not a whole amount in fen' },
  AMOUNT_TOO_LARGE: { zh: '金额「{value}」超出范围', en: 'The amount "{value}" is out of range' },
  AMOUNT_NEGATIVE: { zh: '只有退款订单的金额可以为负数', en: 'Only a refund may have a negative amount' },
  DATE_INVALID: { zh: '「{value}」不是日期（如 2024-03-01）', en: '"{value}" is not a date (e.g. 2024-03-01)' },
  DATE_FUTURE: { zh: '日期 {value} 在今天之后', en: 'The date {value} is after today' },
  MONTH_INVALID: { zh: '「{value}」不是账单月份（如 2024-03）', en: '"{value}" is not a bill month (e.g. 2024-03)' },
  TYPE_INVALID: {
    zh: '「{value}」不是可识别的订单类型（可用：预付费、后付费、退款、月结账单、云市场）',
    en: '"{value}" is not an order type we know (use: prepaid, postpaid, refund, monthly bill, marketplace)',
  },
  TYPE_IN_BILLS: { zh: '月结账单文件中只能有月结账单，这一行是「{value}」', en: 'A monthly-bill file holds monthly bills only; this row is "{value}"' },
  STATUS_UNPAID: {
    zh: '订单状态为「{value}」：未支付或已关闭的订单不能生成合同，未导入',
    en: 'The order is "{value}": unpaid or closed orders cannot go into a contract, so it was left out',
  },
  STATUS_INVALID: {
    zh: '「{value}」不是可识别的订单状态（如 已支付、已发货、未支付、已关单）',
    en: '"{value}" is not an order status we know (e.g. paid, delivered, unpaid, closed)',
  },
  TEXT_TOO_LONG: { zh: '最多 {max} 个字符', en: 'takes at most {max} characters' },
  TEXT_UNPRINTABLE: { zh: '含有无法保存的控制字符或不可见字符（{char}）', en: 'contains a control or invisible character ({char}) that cannot be saved' },
  DUPLICATE_ROW: { zh: '「{value}」与第 {row} 行重复', en: '"{value}" repeats row {row}' },
  HELD: {
    zh: '「{value}」在合同 {number} 中，不能修改（作废并删除该合同后才能更新）',
    en: '"{value}" is in contract {number} and cannot change (void and delete that contract first)',
  },
} as const satisfies Record<string, Messages>;

export type ImportWord = keyof typeof IMPORT_WORDS;
export type ImportParams = Record<string, string | number>;

/** A cell's value quoted back: enough to find it, never so long that a thousand errors overflow what Slack shows. */
const MAX_SHOWN = 40;
const shown = (v: string) => (v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN - 1)}…` : v);

/** One message in both languages with its placeholders filled; `words` are placeholders that differ by language. */
export function importMessage(code: ImportWord, params: ImportParams = {}, words: Record<string, Messages> = {}): Messages {
  const fill = (s: string, l: 'zh' | 'en') =>
    s.replace(/\{(\w+)\}/g, (_, k: string) => (k in words ? words[k]![l] : k in params ? shown(String(params[k])) : `{${k}}`));
  const m = IMPORT_WORDS[code];
  return { zh: fill(m.zh, 'zh'), en: fill(m.en, 'en') };
}

/** What the file holds, as the person chooses it in the modal. */
export const IMPORT_KINDS = ['orders', 'bills', 'filings'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABEL: Record<ImportKind, Messages> = {
  orders: { zh: '订单', en: 'Orders' },
  bills: { zh: '月结账单', en: 'Monthly bills' },
  filings: { zh: 'ICP 备案号', en: 'ICP filing numbers' },
};
