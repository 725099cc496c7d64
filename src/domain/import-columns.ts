// Which column of an export holds what. The vendors' consoles and Tencent Cloud's billing API name the same thing
// differently (订单号, OrderId, Order ID); each field here lists the names we read, best first. docs/import.md says
// where each name comes from and how sure we are of it.
import { type ImportKind } from './import-words.js';

/** How an amount column counts: yuan (the consoles), or fen (Tencent's billing API returns order amounts in 分). */
export type Unit = 'yuan' | 'fen';

export type Field = 'id' | 'type' | 'payMode' | 'action' | 'status' | 'product' | 'paid' | 'total' | 'date' | 'month' | 'domain';

interface FieldSpec {
  /** Header names, compared after normalising (case, spaces, punctuation and a unit in brackets dropped). */
  names: string[];
  /** Names that are the billing API's own field names: read in fen unless the header says otherwise. */
  apiFen?: string[];
}

const ORDER_FIELDS: Partial<Record<Field, FieldSpec>> = {
  id: { names: ['订单号', '订单id', '订单编号', '子订单号', 'orderid', 'orderno', 'ordernumber', 'order', 'id'] },
  type: { names: ['类型', '订单分类', 'type', 'ordertype'] },
  payMode: { names: ['付费模式', '付费方式', '计费模式', '计费方式', '付费类型', 'paymode', 'paymentmode', 'billingmode', 'chargetype'] },
  action: { names: ['订单类型', '交易类型', '操作类型', 'action', 'actiontype', 'transactiontype'] },
  status: { names: ['订单状态', '状态', '支付状态', 'status', 'orderstatus'] },
  product: { names: ['产品名称', '产品', '商品名称', '产品类型', '子产品名称', 'productname', 'product', 'subproductname'] },
  paid: {
    names: ['实付金额', '实际支付金额', '实付', '支付金额', '优惠后总价', '应付金额', 'realtotalcost', 'paidamount', 'amountpaid', 'paid'],
    apiFen: ['realtotalcost'],
  },
  total: { names: ['订单金额', '原价', '金额', '总价', '订单原价', 'totalcost', 'amount', 'total'], apiFen: ['totalcost'] },
  date: { names: ['创建时间', '下单时间', '订单创建时间', '订单日期', '日期', 'createtime', 'createdon', 'createdat', 'orderdate', 'date'] },
};

const BILL_FIELDS: Partial<Record<Field, FieldSpec>> = {
  id: { names: ['账单号', '账单id', '账单编号', 'billid', 'billno', 'bill', 'id'] },
  month: { names: ['账单月份', '账期', '月份', '账单周期', 'billmonth', 'month', 'period'] },
  product: { names: ['产品名称', '产品', '产品类型', 'businesscodename', 'productname', 'product'] },
  // The bill summaries of the billing API give amounts as yuan strings ("12.34"), so no column here is read in fen.
  paid: { names: ['优惠后总价', '实付金额', '应付金额', '消费金额', 'realtotalcost', 'paidamount', 'paid'] },
  total: { names: ['金额', '原价', '总费用', '账单金额', 'totalcost', 'amount', 'total'] },
};

const FILING_FIELDS: Partial<Record<Field, FieldSpec>> = {
  id: {
    names: ['网站备案号', '备案号', 'icp备案号', 'icp备案', '备案编号', '主体备案号', 'filingnumber', 'icpfilingnumber', 'icpnumber', 'icpfiling', 'icp', 'id'],
  },
  domain: { names: ['网站域名', '域名', '首页网址', '网站地址', 'domain', 'website', 'domainname'] },
  date: { names: ['审核通过时间', '审核通过日期', '备案时间', '备案日期', '通过时间', '日期', 'approvedon', 'approvedat', 'filedon', 'date'] },
};

export const FIELDS: Record<ImportKind, Partial<Record<Field, FieldSpec>>> = { orders: ORDER_FIELDS, bills: BILL_FIELDS, filings: FILING_FIELDS };

/** What a file of each kind must have: every group needs one of its fields. */
export const REQUIRED: Record<ImportKind, Field[][]> = {
  orders: [['id'], ['type', 'payMode', 'action'], ['paid', 'total'], ['date']],
  bills: [['month'], ['paid', 'total']],
  filings: [['id'], ['date']],
};

/** How the guide and the errors name each field: the plain template's column, in both languages. */
export const FIELD_NAME: Record<Field, { zh: string; en: string }> = {
  id: { zh: '编号', en: 'id' },
  type: { zh: '类型', en: 'type' },
  payMode: { zh: '付费模式', en: 'pay mode' },
  action: { zh: '订单类型', en: 'action' },
  status: { zh: '订单状态', en: 'status' },
  product: { zh: '产品名称', en: 'product' },
  paid: { zh: '实付金额', en: 'paid' },
  total: { zh: '金额', en: 'amount' },
  date: { zh: '日期', en: 'date' },
  month: { zh: '账单月份', en: 'month' },
  domain: { zh: '域名', en: 'domain' },
};

export const ID_NAME: Record<ImportKind, { zh: string; en: string }> = {
  orders: { zh: '订单号', en: 'order id' },
  bills: { zh: '账单号', en: 'bill id' },
  filings: { zh: '备案号', en: 'filing number' },
};

export interface Column {
  index: number;
  /** The header as the file has it, for the person to find the column. */
  header: string;
  unit: Unit;
}

export type Columns = Partial<Record<Field, Column>>;

const UNIT_FEN = /[(（]\s*(分|fen|cents?)\s*[)）]/i;
const UNIT_YUAN = /[(（]\s*(元|yuan|cny|rmb|¥|￥)\s*[)）]/i;

/** A header as we compare it: lower case, without spaces, punctuation or a bracketed unit. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .toLowerCase()
    .replace(/[\s_\-:：/.·*]/g, '');
}

/** One header row read for a kind: the columns found (the best name of each field wins), and names used twice. */
export function matchHeaders(kind: ImportKind, headers: readonly string[]): { columns: Columns; clashes: [Field, string, string][] } {
  const columns: Columns = {};
  const rank: Partial<Record<Field, number>> = {};
  const clashes: [Field, string, string][] = [];
  const normalised = headers.map((h) => normaliseHeader(h));
  for (const [field, spec] of Object.entries(FIELDS[kind]) as [Field, FieldSpec][]) {
    normalised.forEach((n, index) => {
      const r = spec.names.indexOf(n);
      if (r < 0) return;
      const header = headers[index]!.trim();
      const prev = rank[field];
      if (prev === r) clashes.push([field, columns[field]!.header, header]);
      if (prev !== undefined && prev <= r) return;
      const unit: Unit = UNIT_FEN.test(header) ? 'fen' : UNIT_YUAN.test(header) ? 'yuan' : spec.apiFen?.includes(n) ? 'fen' : 'yuan';
      columns[field] = { index, header, unit };
      rank[field] = r;
    });
  }
  // One column answers one field: a header that names two (金额 for paid and total) goes to the one listed first.
  const taken = new Map<number, Field>();
  for (const field of Object.keys(columns) as Field[]) {
    const c = columns[field]!;
    if (taken.has(c.index)) delete columns[field];
    else taken.set(c.index, field);
  }
  return { columns, clashes };
}

/** The required groups a set of columns leaves unanswered. */
export function missingGroups(kind: ImportKind, columns: Columns): Field[][] {
  return REQUIRED[kind].filter((group) => !group.some((f) => columns[f]));
}
