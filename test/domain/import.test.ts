// Reading the vendors' exports: headers in Chinese and English, the billing API's field names, bad rows with their
// row numbers and columns in both languages, encodings and XLSX.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseAmount, parseDay, rowErrorText } from '../../src/domain/import-rows.js';
import { readExport, readTable } from '../../src/domain/import-table.js';
import type { ImportKind } from '../../src/domain/import-words.js';

const TODAY = '2026-11-23';
const enc = (s: string) => new TextEncoder().encode(s);

async function read(kind: ImportKind, csv: string | Uint8Array, name = 'export.csv') {
  const t = await readTable(typeof csv === 'string' ? enc(csv) : csv, name);
  if (!t.ok) return t;
  return readExport(kind, t.rows, TODAY);
}

async function ok(kind: ImportKind, csv: string | Uint8Array, name?: string) {
  const r = await read(kind, csv, name);
  if (!r.ok) throw new Error(`refused: ${r.error.en}`);
  return r;
}

describe('orders', () => {
  it('reads the plain template', async () => {
    const r = await ok(
      'orders',
      'order_id,type,product,amount,date\nA-1,prepaid,CVM,1234.56,2024-03-01\nA-2,后付费,COS,"1,000.00",2024/3/2\nA-3,refund,CVM,200,2024-03-03\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.valid.map((v) => v.item)).toEqual([
      { id: 'A-1', type: 'prepaid', product: 'CVM', amountCents: 123456, createdOn: '2024-03-01' },
      { id: 'A-2', type: 'postpaid', product: 'COS', amountCents: 100000, createdOn: '2024-03-02' },
      { id: 'A-3', type: 'refund', product: 'CVM', amountCents: -20000, createdOn: '2024-03-03' },
    ]);
    expect(r.valid.map((v) => v.row)).toEqual([2, 3, 4]);
  });

  it("recognises Tencent Cloud's billing API names: amounts in fen, PayMode and Action, Status", async () => {
    const csv = [
      'OrderId,ProductName,PayMode,Action,Status,TotalCost,RealTotalCost,CreateTime',
      '20240301000001,云服务器 CVM,prePay,purchase,4,100000,88000,2024-03-01 10:00:00',
      '20240301000002,云服务器 CVM,prePay,refund,6,5000,5000,2024-03-02 11:00:00',
      '20240301000003,对象存储 COS,postPay,,4,300,300,2024-03-03 12:00:00',
      '20240301000004,云服务器 CVM,prePay,purchase,1,100000,100000,2024-03-04 12:00:00',
    ].join('\n');
    const r = await ok('orders', csv);
    expect(r.valid.map((v) => [v.item.id, (v.item as { type: string }).type, (v.item as { amountCents: number }).amountCents])).toEqual([
      ['20240301000001', 'prepaid', 88000],
      ['20240301000002', 'refund', -5000],
      ['20240301000003', 'postpaid', 300],
    ]);
    expect(r.errors).toHaveLength(1);
    expect(rowErrorText(r.errors[0]!, 'zh')).toBe('第 5 行 · Status：订单状态为「1」：未支付或已关闭的订单不能生成合同，未导入');
    expect(rowErrorText(r.errors[0]!, 'en')).toContain('Row 5 · Status: The order is "1"');
  });

  it("recognises the console's Chinese headers, a title row above them, and amounts in yuan with a unit", async () => {
    const csv = '订单列表,,,,,\n订单号,产品名称,付费方式,订单类型,实付金额（元）,下单时间\n9001,云数据库 MySQL,包年包月,新购,"￥2,400.50",2025-01-02 09:30\n';
    const r = await ok('orders', csv);
    expect(r.valid).toEqual([{ row: 3, item: { id: '9001', type: 'prepaid', product: '云数据库 MySQL', amountCents: 240050, createdOn: '2025-01-02' } }]);
  });

  it('reports each bad row with its row number and column, in both languages, and keeps the good ones', async () => {
    const csv = [
      '订单号,类型,产品名称,金额,日期',
      'OK-1,预付费,CVM,10.00,2024-01-01',
      ',预付费,CVM,10.00,2024-01-01', // row 3: no id
      'OK-2,包月,CVM,10.00,2024-01-01', // row 4: unknown type
      'OK-3,预付费,CVM,ten,2024-01-01', // row 5: not an amount
      'OK-4,预付费,CVM,10.00,2024-02-30', // row 6: no such day
      'OK-5,预付费,CVM,10.00,2099-01-01', // row 7: future
      'OK-6,预付费,CVM,-10.00,2024-01-01', // row 8: negative, not a refund
      'OK-1,预付费,CVM,11.00,2024-01-01', // row 9: repeats row 2
      'bad id!,预付费,CVM,1.001,2024-01-01', // row 10: two problems
    ].join('\n');
    const r = await ok('orders', csv);
    expect(r.valid.map((v) => v.item.id)).toEqual(['OK-1']);
    expect(r.errors.map((e) => rowErrorText(e, 'zh'))).toEqual([
      '第 3 行 · 订单号：不能为空',
      '第 4 行 · 类型：「包月」不是可识别的订单类型（可用：预付费、后付费、退款、月结账单、云市场）',
      '第 5 行 · 金额：「ten」不是金额（单位：元，最多两位小数，如 1234.56）',
      '第 6 行 · 日期：「2024-02-30」不是日期（如 2024-03-01）',
      '第 7 行 · 日期：日期 2099-01-01 在今天之后',
      '第 8 行 · 金额：只有退款订单的金额可以为负数',
      '第 9 行 · 订单号：「OK-1」与第 2 行重复',
      '第 10 行 · 订单号：「bad id!」不是订单号（字母、数字和 - _ . ，最多 64 个字符）',
      '第 10 行 · 金额：「1.001」不是金额（单位：元，最多两位小数，如 1234.56）',
    ]);
    expect(rowErrorText(r.errors[0]!, 'en')).toBe('Row 3 · 订单号: is empty');
    expect(rowErrorText(r.errors[6]!, 'en')).toBe('Row 9 · 订单号: "OK-1" repeats row 2');
  });

  it('names the missing columns, and says when the file is of another kind', async () => {
    const missing = await read('orders', 'order_id,product\nA,B\n');
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.zh).toContain('找不到必需的列：类型或付费模式或订单类型、实付金额或金额、日期');
      expect(missing.error.en).toContain('Required columns not found: type or pay mode or action, paid or amount, date');
    }
    const filings = await read('orders', '备案号,网站域名,审核通过时间\n京ICP备12345678号-1,a.cn,2020-01-01\n');
    expect(filings.ok || filings.error.en).toBe('This file looks like ICP filing numbers, not Orders: choose "ICP filing numbers" above');
  });

  it('reads GB18030 CSV as Excel on Chinese Windows saves it, and tab-separated text', async () => {
    // 订单号,类型,金额,日期 / A,预付费,1,2024-01-01 in GB18030, written out byte by byte (no encoder in the platform).
    const gb = Buffer.from('b6a9b5a5bac52cc0e0d0cd2cbdf0b6ee2cc8d5c6da0a412cd4a4b8b6b7d12c312c323032342d30312d30310a', 'hex');
    const r = await ok('orders', gb);
    expect(r.valid[0]?.item).toMatchObject({ id: 'A', type: 'prepaid', amountCents: 100 });
    const tsv = await ok('orders', 'order_id\ttype\tamount\tdate\nT-1\tpostpaid\t3.5\t2024-05-05\n');
    expect(tsv.valid[0]?.item).toMatchObject({ id: 'T-1', type: 'postpaid', amountCents: 350 });
  });

  it('reads XLSX: numbers, dates, rich text, and refuses an order id Excel rounded', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('订单');
    ws.addRow(['订单号', '付费模式', '产品名称', '实付金额', '创建时间']);
    ws.addRow(['X-1', '按量计费', { richText: [{ text: '云' }, { text: '函数' }] }, 12.3, new Date(Date.UTC(2024, 5, 7))]);
    ws.addRow([123456789, '包年包月', 'CVM', 99, '2024-06-08']);
    // 20240301123456789012 as Excel keeps it: a double, the last digits gone.
    ws.addRow([Number('20240301123456789012'), '包年包月', 'CVM', 99, '2024-06-08']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await ok('orders', bytes, 'orders.xlsx');
    expect(r.valid.map((v) => v.item)).toEqual([
      { id: 'X-1', type: 'postpaid', product: '云函数', amountCents: 1230, createdOn: '2024-06-07' },
      { id: '123456789', type: 'prepaid', product: 'CVM', amountCents: 9900, createdOn: '2024-06-08' },
    ]);
    expect(r.errors.map((e) => `${e.row} ${e.column}`)).toEqual(['4 订单号']);
  });

  it('refuses a file that is neither CSV nor XLSX, and unreadable bytes', async () => {
    const pdf = await read('orders', '%PDF-1.4', 'orders.pdf');
    expect(!pdf.ok && pdf.error.en).toBe('Only CSV or XLSX files can be imported; "orders.pdf" is neither');
    const broken = await read('orders', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'orders.xlsx');
    expect(!broken.ok && broken.error.zh).toMatch(/^无法读取「orders.xlsx」：它不是有效的 XLSX 文件/);
    const quote = await read('orders', 'order_id,type,amount,date\nA-1,prepaid,1,2024-01-01\n"A-2,prepaid,1,2024-01-01\n');
    expect(!quote.ok && quote.error.en).toBe('Cannot read "export.csv": it is not a valid CSV file (Quoted field unterminated, row 3)');
    const empty = await read('orders', 'order_id,type,amount,date\n\n\n');
    expect(!empty.ok && empty.error.en).toBe('The file has no data rows (the first row holds the column names)');
  });
});

describe('monthly bills and filing numbers', () => {
  it('reads monthly bills, naming a bill without an id by its month and product', async () => {
    const r = await ok('bills', '账单月份,产品名称,优惠后总价\n2024-03,云服务器 CVM,8800.00\n2024年4月,对象存储 COS,12.5\n2099-01,CVM,1\n');
    expect(r.valid.map((v) => v.item)).toEqual([
      { id: '2024-03/云服务器 CVM', type: 'monthly_bill', product: '云服务器 CVM', amountCents: 880000, createdOn: '2024-03-01' },
      { id: '2024-04/对象存储 COS', type: 'monthly_bill', product: '对象存储 COS', amountCents: 1250, createdOn: '2024-04-01' },
    ]);
    expect(r.errors.map((e) => rowErrorText(e, 'en'))).toEqual(['Row 4 · 账单月份: The date 2099-01 is after today']);
  });

  it('reads ICP filing numbers and refuses what is not one', async () => {
    const r = await ok(
      'filings',
      'ICP filing number,Domain,Approved on\n京ICP备12345678号-1,a.example.cn,2021-06-01\n沪ICP备 2020123456号－2,b.example.cn,2021/6/2\nICP-1,c.cn,2021-06-03\n',
    );
    expect(r.valid.map((v) => v.item)).toEqual([
      { id: '京ICP备12345678号-1', domain: 'a.example.cn', createdOn: '2021-06-01' },
      { id: '沪ICP备2020123456号-2', domain: 'b.example.cn', createdOn: '2021-06-02' },
    ]);
    expect(r.errors.map((e) => rowErrorText(e, 'zh'))).toEqual(['第 4 行 · ICP filing number：「ICP-1」不是 ICP 备案号（如 京ICP备12345678号-1）']);
  });
});

describe('values', () => {
  it('amounts and days', () => {
    expect(parseAmount('¥1,234.5', 'yuan')).toEqual({ cents: 123450 });
    expect(parseAmount('-0.01', 'yuan')).toEqual({ cents: -1 });
    expect(parseAmount('12.5', 'fen')).toEqual({ error: 'AMOUNT_FEN_INVALID' });
    expect(parseAmount('1e3', 'yuan')).toEqual({ error: 'AMOUNT_INVALID' });
    expect(parseAmount('', 'yuan')).toBeNull();
    expect(parseDay('2024年3月1日')).toBe('2024-03-01');
    expect(parseDay('2024-03-01T08:00:00+08:00')).toBe('2024-03-01');
    expect(parseDay('20240301')).toBe('2024-03-01');
    expect(parseDay(45352)).toBe('2024-03-01');
    expect(parseDay('2023-02-29')).toBeNull();
    // The plain forms most rows take are read on a short path: the same answers at its edges.
    expect(parseAmount('100000000000', 'yuan')).toEqual({ cents: 10_000_000_000_000 });
    expect(parseAmount('100000000000.01', 'yuan')).toEqual({ error: 'AMOUNT_TOO_LARGE' });
    expect(parseAmount('9999999999999', 'yuan')).toEqual({ error: 'AMOUNT_TOO_LARGE' });
    expect(parseAmount('-0', 'yuan')).toEqual({ cents: 0 });
    expect(parseAmount('7.5', 'yuan')).toEqual({ cents: 750 });
    expect(parseAmount(' 7.05 ', 'yuan')).toEqual({ cents: 705 });
    expect(parseDay('2024-02-30 10:00:00')).toBeNull();
    expect(parseDay('2024-02-29 23:59')).toBe('2024-02-29');
    expect(parseDay(' 2024-02-29 ')).toBe('2024-02-29');
  });
});

describe('the documented template', () => {
  it('imports every sample in docs/import-samples without a refusal', async () => {
    const { readFileSync } = await import('node:fs');
    const sample = (f: string) => new Uint8Array(readFileSync(new URL(`../../docs/import-samples/${f}`, import.meta.url)));
    for (const [kind, file, n] of [
      ['orders', 'orders.csv', 4],
      ['bills', 'monthly-bills.csv', 2],
      ['filings', 'filing-numbers.csv', 2],
    ] as const) {
      const r = await ok(kind, sample(file), file);
      expect([file, r.errors]).toEqual([file, []]);
      expect(r.valid).toHaveLength(n);
    }
  });
});
