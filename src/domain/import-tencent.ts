// Tencent Cloud's billing API as an import source (R18): the deals DescribeDealsByCond returns become a table with the
// API's own field names as the header, which the import reads like any export (import-columns.ts knows them: amounts
// in fen, PayMode, Action, Status), so a deal is refused, added or updated by the same rules as a file's row. Pure.
import type { Messages } from './errors.js';
import type { Cell, RowError } from './import-rows.js';

/** A deal as the API returns it; only these fields are read. */
export interface Deal {
  OrderId?: string;
  Status?: number;
  CreateTime?: string;
  RealTotalCost?: number;
  TotalCost?: number;
  PayMode?: string;
  Action?: string;
  ProductName?: string;
  SubProductName?: string;
}

const HEADER = ['OrderId', 'ProductName', 'PayMode', 'Action', 'Status', 'RealTotalCost', 'TotalCost', 'CreateTime'] as const;

/** The deals as rows under the API's field names; a deal listed twice (pages that overlap) is one row. */
export function dealsTable(deals: readonly Deal[]): { rows: Cell[][]; ids: string[] } {
  const seen = new Set<string>();
  const rows: Cell[][] = [[...HEADER]];
  const ids: string[] = [];
  for (const d of deals) {
    const id = d.OrderId ?? '';
    if (id && seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
    rows.push([
      id,
      d.SubProductName || d.ProductName || '',
      d.PayMode ?? '',
      d.Action ?? '',
      d.Status === undefined ? '' : String(d.Status),
      d.RealTotalCost ?? null,
      d.TotalCost ?? null,
      d.CreateTime ?? '',
    ]);
  }
  return { rows, ids };
}

/** A refusal names the deal's order id instead of a row number nobody sees. */
export function refusalsByOrder(errors: readonly RowError[], ids: readonly string[]): RowError[] {
  return errors.map((e) => ({ ...e, ref: ids[e.row - 2] ?? String(e.row) }));
}

const BEIJING_MS = 8 * 3600 * 1000;
/** The API's times: 'YYYY-MM-DD HH:mm:ss' in Beijing time. */
export const beijingTime = (d: Date) => new Date(d.getTime() + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');

/** The API advises at most three months per query: [since, until] cut into windows of 90 days at most. */
export function syncWindows(since: Date, until: Date, days = 90): { startTime: string; endTime: string }[] {
  const out: { startTime: string; endTime: string }[] = [];
  for (let t = since.getTime(); t < until.getTime(); t += days * 86_400_000) {
    const end = Math.min(t + days * 86_400_000 - 1000, until.getTime());
    out.push({ startTime: beijingTime(new Date(t)), endTime: beijingTime(new Date(end)) });
  }
  return out;
}

export type TencentProblem = 'key' | 'permission' | 'clock' | 'throttled' | 'unreachable' | 'other';

/** What an error code of the API means for the admin. */
export function tencentProblem(code: string): TencentProblem {
  if (['AuthFailure.SecretIdNotFound', 'AuthFailure.SignatureFailure', 'AuthFailure.InvalidSecretId', 'AuthFailure.InvalidAuthorization'].includes(code))
    return 'key';
  if (code === 'AuthFailure.UnauthorizedOperation' || code === 'UnauthorizedOperation') return 'permission';
  if (code === 'AuthFailure.SignatureExpire') return 'clock';
  if (code === 'RequestLimitExceeded' || code.startsWith('RequestLimitExceeded.')) return 'throttled';
  if (code === 'Network') return 'unreachable';
  return 'other';
}

export const TENCENT_WORDS = {
  key: {
    zh: '腾讯云拒绝了这个 API 密钥（{code}）：SecretId 不存在，或 SecretKey 与它不匹配。请在「设置 API 密钥」中重新填写。',
    en: 'Tencent Cloud refused this API key ({code}): the SecretId does not exist or the SecretKey does not match it. Set the API key again.',
  },
  permission: {
    zh: '这个 API 密钥无权查询订单（{code}）：请在腾讯云访问管理（CAM）中为它授予 DescribeDealsByCond 的权限。',
    en: 'This API key may not read orders ({code}): grant it DescribeDealsByCond in Tencent Cloud Access Management (CAM).',
  },
  clock: {
    zh: '腾讯云认为请求已过期（{code}）：本服务器的时钟与标准时间相差超过五分钟，请联系运维校准时间。',
    en: 'Tencent Cloud took the request as expired ({code}): this server’s clock is more than five minutes off; ask whoever runs it to fix the time.',
  },
  throttled: {
    zh: '腾讯云限制了查询频率（{code}），重试后仍被拒绝。已导入的订单保持不变，请几分钟后再同步。',
    en: 'Tencent Cloud is limiting how often we may ask ({code}) and still refused after retries. Nothing changed; sync again in a few minutes.',
  },
  unreachable: {
    // The network's own words (connect ECONNREFUSED…) are English: the Chinese sentence goes without them.
    zh: '无法连接腾讯云计费接口。已导入的订单保持不变，请稍后再同步；一直连接不上时，请联系运维检查本服务器的网络。',
    en: 'Could not reach Tencent Cloud’s billing API ({detail}). Nothing changed; sync again later.',
  },
  other: { zh: '腾讯云返回了错误 {code}：{detail}', en: 'Tencent Cloud answered {code}: {detail}' },
  noKey: { zh: '尚未设置腾讯云 API 密钥。', en: 'No Tencent Cloud API key is set.' },
  noCipher: {
    zh: '本服务未配置加密密钥（TOKEN_ENCRYPTION_KEY），不能保存 API 密钥。请联系运维。',
    en: 'This server has no encryption key (TOKEN_ENCRYPTION_KEY), so it cannot keep an API key. Ask whoever runs it.',
  },
  keyUnreadable: {
    zh: '保存的 API 密钥无法解密（本服务的加密密钥已更换）。请在「设置 API 密钥」中重新填写。',
    en: 'The stored API key can no longer be opened (this server’s encryption key was changed). Set the API key again.',
  },
  notTencent: { zh: '只有腾讯云账号可以通过计费接口同步订单。', en: 'Only Tencent Cloud accounts sync orders through its billing API.' },
  secretIdInvalid: {
    zh: 'SecretId 应为 AKID 开头的一串字母和数字（在腾讯云「访问管理 → API 密钥管理」中查看）',
    en: 'A SecretId is letters and digits starting with AKID (see Access Management → API Keys in the Tencent Cloud console)',
  },
  secretKeyInvalid: { zh: 'SecretKey 应为 20 到 128 个字母和数字', en: 'A SecretKey is 20 to 128 letters and digits' },
} as const satisfies Record<string, Messages>;

/** The problem in both languages, with the code Tencent gave (support can look it up). */
export function tencentProblemMessage(code: string, detail: string): Messages {
  const m = TENCENT_WORDS[tencentProblem(code)];
  const d = detail.slice(0, 160);
  const fill = (s: string) => s.replace('{code}', code).replace('{detail}', d);
  return { zh: fill(m.zh), en: fill(m.en) };
}

/** SecretId and SecretKey as the console shows them; whitespace around a pasted value is not part of it. */
export function checkTencentKey(secretId: string, secretKey: string): { secretId?: Messages; secretKey?: Messages } {
  const out: { secretId?: Messages; secretKey?: Messages } = {};
  if (!/^AKID[A-Za-z0-9]{8,124}$/.test(secretId.trim())) out.secretId = TENCENT_WORDS.secretIdInvalid;
  if (!/^[A-Za-z0-9]{20,128}$/.test(secretKey.trim())) out.secretKey = TENCENT_WORDS.secretKeyInvalid;
  return out;
}

/** How the key is shown once stored: never whole. */
export const keyHint = (secretId: string) => `${secretId.slice(0, 4)}…${secretId.slice(-4)}`;
