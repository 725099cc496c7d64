// An export file's bytes as a table, and the table read as one kind of item. CSV through papaparse, XLSX through
// exceljs (both parse bytes in memory: no I/O here). Chinese consoles and Excel on Chinese Windows save CSV in GB18030
// as often as UTF-8, so bytes that are not UTF-8 are read as GB18030.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Messages } from './errors.js';
import { type Columns, type Field, FIELD_NAME, ID_NAME, matchHeaders, missingGroups } from './import-columns.js';
import { type Cell, readRows, type RowError, type ValidRow } from './import-rows.js';
import { IMPORT_KIND_LABEL, IMPORT_KINDS, type ImportKind, importMessage } from './import-words.js';

/** Slack's file_input takes files up to 10 MB (its reference page, "Usage info"). */
export const MAX_FILE_MB = 10;
export const MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024;
/** Rows per import: a 10 MB CSV holds about 150,000 orders; more is split into two files. */
export const MAX_ROWS = 200_000;
/** A title or a note may stand above the column names in a console's export: the header is among the first rows. */
const HEADER_SEARCH_ROWS = 10;

export type FileFormat = 'csv' | 'xlsx';
type Failed = { ok: false; error: Messages };

/** The format a file's name says, or null for anything else (refused before it is downloaded). */
export function formatOf(name: string): FileFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  return ext === 'csv' ? 'csv' : ext === 'xlsx' ? 'xlsx' : null;
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Uint8Array): Cell[][] {
  const text = decodeText(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  // Excel's "Unicode text" is tab-separated; a comma-separated line has more commas than tabs.
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  // papaparse rather than csv-parse: a quarter of the CPU on a 100,000-row export (docs/import.md). It strips a BOM,
  // keeps blank lines as rows (so row numbers stay the spreadsheet's) and ends with one empty row after the last newline.
  const { data, errors } = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const quote = errors.find((e) => e.type === 'Quotes');
  // An unterminated quote swallows the rest of the file: refused, not guessed at.
  if (quote) throw new Error(`${quote.message}, row ${(quote.row ?? 0) + 1}`);
  return data;
}

/** An XLSX cell's value as text, number, date or boolean (rich text joined, a formula's result, a link's text). */
function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return xlsxCell((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return xlsxCell((v as { text: ExcelJS.CellValue }).text);
    if ('error' in v) return null;
  }
  return String(v);
}

async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  // The first sheet that has rows: a console's export has one, a hand-made file may start with an empty one.
  const sheet = wb.worksheets.find((s) => s.actualRowCount > 0);
  const rows: Cell[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    rows[n - 1] = values.slice(1).map(xlsxCell);
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

const isZip = (b: Uint8Array) => b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The file as rows of cells; rows[0] is the spreadsheet's row 1. */
export async function readTable(bytes: Uint8Array, name: string): Promise<{ ok: true; rows: Cell[][] } | Failed> {
  const format = formatOf(name);
  if (!format) return { ok: false, error: importMessage('FILE_TYPE', { name }) };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, error: importMessage('FILE_TOO_LARGE', { max: MAX_FILE_MB }) };
  // The bytes decide, not the name: an XLSX renamed .csv is still read.
  const xlsx = isZip(bytes);
  try {
    return { ok: true, rows: xlsx ? await readXlsx(bytes) : readCsv(bytes) };
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 120) : String(e);
    return { ok: false, error: importMessage('FILE_UNREADABLE', { name, format: xlsx ? 'XLSX' : 'CSV', detail }) };
  }
}

export interface ReadExport {
  ok: true;
  columns: Columns;
  /** Data rows seen (blank rows not counted). */
  rows: number;
  valid: ValidRow[];
  errors: RowError[];
}

const headerTexts = (row: readonly Cell[] | undefined) => (row ?? []).map((c) => (c === null || c === undefined ? '' : String(c)));

/** The header row for a kind: among the first rows, the one that names the most of its fields. */
function findHeader(kind: ImportKind, rows: readonly (readonly Cell[])[]) {
  let best: { at: number; columns: Columns; clashes: [Field, string, string][]; missing: Field[][] } | null = null;
  for (let at = 0; at < Math.min(HEADER_SEARCH_ROWS, rows.length); at++) {
    const { columns, clashes } = matchHeaders(kind, headerTexts(rows[at]));
    const missing = missingGroups(kind, columns);
    const score = Object.keys(columns).length - missing.length * 100;
    const bestScore = best ? Object.keys(best.columns).length - best.missing.length * 100 : -Infinity;
    if (Object.keys(columns).length && score > bestScore) best = { at, columns, clashes, missing };
  }
  return best;
}

const fieldName = (kind: ImportKind, f: Field) => (f === 'id' ? ID_NAME[kind] : FIELD_NAME[f]);
const groupNames = (kind: ImportKind, groups: Field[][], l: 'zh' | 'en') =>
  groups.map((g) => g.map((f) => fieldName(kind, f)[l]).join(l === 'zh' ? '或' : ' or ')).join(l === 'zh' ? '、' : ', ');

/** The table read as orders, monthly bills or filing numbers: the file's own problems, or each row's outcome. */
export function readExport(kind: ImportKind, rows: readonly (readonly Cell[])[], today: string): ReadExport | Failed {
  const header = findHeader(kind, rows);
  if (!header || header.missing.length) {
    // A file of another kind says so, rather than listing what this kind misses.
    const other = IMPORT_KINDS.find((k) => k !== kind && findHeader(k, rows)?.missing.length === 0);
    if (other) return { ok: false, error: importMessage('LOOKS_LIKE', {}, { other: IMPORT_KIND_LABEL[other], chosen: IMPORT_KIND_LABEL[kind] }) };
    const missing = header?.missing ?? missingGroups(kind, {});
    const found = headerTexts(rows[header?.at ?? 0])
      .filter(Boolean)
      .slice(0, 12);
    const m = { zh: groupNames(kind, missing, 'zh'), en: groupNames(kind, missing, 'en') };
    const seen = found.join(' | ') || '—';
    return { ok: false, error: importMessage('MISSING_COLUMNS', { found: seen }, { columns: m }) };
  }
  const clash = header.clashes[0];
  if (clash) return { ok: false, error: importMessage('DUPLICATE_COLUMN', { a: clash[1], b: clash[2] }, { field: fieldName(kind, clash[0]) }) };
  const data = rows.slice(header.at + 1);
  const count = data.filter((r) => r.some((c) => c !== null && c !== undefined && String(c).trim() !== '')).length;
  if (!count) return { ok: false, error: importMessage('FILE_EMPTY') };
  if (count > MAX_ROWS) return { ok: false, error: importMessage('FILE_TOO_MANY_ROWS', { rows: count, max: MAX_ROWS }) };
  const read = readRows(kind, header.columns, data, header.at + 2, today);
  return { ok: true, columns: header.columns, rows: count, ...read };
}
