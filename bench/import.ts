// Import of a large console export (issue 24): 100,000 order rows as CSV (and as XLSX), read, validated and written
// through the same functions the Slack flow calls (readTable, readExport, importItems), on a fresh database per engine.
// Then the same file again (every row unchanged: the idempotent path reads as much and writes only the audit row).
import type { Database } from '../src/db/client.js';
import { readExport, readTable } from '../src/domain/import-table.js';
import { DEMO_USERS, seedDemoAccount } from '../src/seed/demo.js';
import { mulberry32 } from '../src/seeded-random.js';
import { importItems } from '../src/services/import.js';
import { engineOf } from './lifecycle.js';

export interface ImportResult {
  engine: string;
  format: 'csv' | 'xlsx';
  pass: 'first' | 'again';
  rows: number;
  fileMb: number;
  /** Bytes to a table (csv-parse or exceljs). */
  parseMs: number;
  /** The table to items and row errors. */
  validateMs: number;
  /** The one transaction: lock, compare, insert/update, audit. */
  writeMs: number;
  totalMs: number;
  rowsPerS: number;
  added: number;
  unchanged: number;
  refused: number;
}

const TYPES = ['包年包月', '按量计费', '包年包月', '退款'] as const;

/** A Tencent-console-like export: every 1,000th row is bad (an amount that is not one), as real files have some. */
export function ordersCsv(n: number, seed = 24): string {
  const rand = mulberry32(seed);
  const lines = ['订单号,产品名称,付费方式,订单类型,订单状态,实付金额（元）,下单时间'];
  for (let i = 0; i < n; i++) {
    const day = `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const amount = i % 1000 === 999 ? 'n/a' : (rand() * 50_000).toFixed(2);
    lines.push(`B${String(i).padStart(12, '0')},云服务器 CVM,${TYPES[i % TYPES.length]},新购,已支付,${amount},${day} 10:00:00`);
  }
  return `${lines.join('\n')}\n`;
}

async function ordersXlsx(csv: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('订单');
  for (const line of csv.trimEnd().split('\n')) ws.addRow(line.split(','));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function once(d: Database, accountId: string, bytes: Uint8Array, name: string, pass: ImportResult['pass']): Promise<ImportResult> {
  const t0 = performance.now();
  const table = await readTable(bytes, name);
  if (!table.ok) throw new Error(table.error.en);
  const t1 = performance.now();
  const read = readExport('orders', table.rows, '2026-11-23');
  if (!read.ok) throw new Error(read.error.en);
  const t2 = performance.now();
  const actor = { type: 'user' as const, accountId, userId: DEMO_USERS.admin.id };
  const r = await importItems({ db: d.db, clock: () => new Date() }, actor, accountId, {
    kind: 'orders',
    fileName: name,
    sha256: '-',
    rows: read.rows,
    valid: read.valid,
    errors: read.errors,
    idColumn: '订单号',
  });
  if (!r.ok) throw new Error(r.error.message.en);
  const t3 = performance.now();
  const ms = (x: number) => Math.round(x);
  return {
    engine: engineOf(d),
    format: name.endsWith('.xlsx') ? 'xlsx' : 'csv',
    pass,
    rows: read.rows,
    fileMb: +(bytes.length / 2 ** 20).toFixed(1),
    parseMs: ms(t1 - t0),
    validateMs: ms(t2 - t1),
    writeMs: ms(t3 - t2),
    totalMs: ms(t3 - t0),
    rowsPerS: Math.round(read.rows / ((t3 - t0) / 1000)),
    added: r.value.added,
    unchanged: r.value.unchanged,
    refused: r.value.refused.length,
  };
}

export async function benchImport(d: Database, rows: number, withXlsx: boolean): Promise<ImportResult[]> {
  const csv = ordersCsv(rows);
  const out: ImportResult[] = [];
  const csvAccount = await seedDemoAccount(d.db, { teamId: `TBENCHIMP${Date.now()}`, orderCount: 0, filingCount: 0 });
  const bytes = new TextEncoder().encode(csv);
  out.push(await once(d, csvAccount.accountId, bytes, 'orders.csv', 'first'));
  out.push(await once(d, csvAccount.accountId, bytes, 'orders.csv', 'again'));
  if (withXlsx) {
    const xlsxAccount = await seedDemoAccount(d.db, { teamId: `TBENCHIMX${Date.now()}`, orderCount: 0, filingCount: 0 });
    out.push(await once(d, xlsxAccount.accountId, await ordersXlsx(csv), 'orders.xlsx', 'first'));
  }
  return out;
}
