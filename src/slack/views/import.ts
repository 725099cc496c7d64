// The import modal (R18): what the file holds and the file (Slack's file_input), then the outcome: how many rows were
// added, updated, unchanged and refused, and the first refusals with their row and column. A file with more refusals
// than a modal can show sends the whole list as a CSV to the person's DM (the modal says so).
import type { ModalView } from '@slack/types';
import type { Messages } from '../../domain/errors.js';
import { type RowError, rowErrorText } from '../../domain/import-rows.js';
import { MAX_FILE_MB } from '../../domain/import-table.js';
import { IMPORT_KIND_LABEL, IMPORT_KINDS, type ImportKind } from '../../domain/import-words.js';
import { localTime } from '../../domain/local-time.js';
import { type Vendor, vendorProfile } from '../../domain/vendors.js';
import type { ImportSummary, TencentStatus } from '../../services/index.js';
import { escapeMrkdwn, type Locale, pick } from '../i18n.js';
import { IMPORT_BLOCK, IMPORT_CB, TENCENT_ACTION, TENCENT_BLOCK, TENCENT_KEY_CB } from '../ids.js';
import { actions, type Block, button, context, divider, header, input, modal, option, section, sections, textInput } from './blocks.js';

/** Refusals shown in the modal; the rest go to the DM report. 30 lines of at most ~200 characters fit in 3 sections. */
export const SHOWN_ERRORS = 30;

const W = {
  title: { zh: '导入订单与备案号', en: 'Import items' },
  submit: { zh: '导入', en: 'Import' },
  intro: {
    zh: '导入{vendor}控制台导出的{what}，用于生成合同。已导入的项目按编号更新；已在合同中的项目不会被修改。',
    en: 'Bring in the {what} exported from the {vendor} console, to build contracts from. Items already imported are updated by their id; an item in a contract is never changed.',
  },
  what: { zh: '订单、月结账单或 ICP 备案号', en: 'orders, monthly bills or ICP filing numbers' },
  whatQing: { zh: '订单或月结账单', en: 'orders or monthly bills' },
  kind: { zh: '文件内容', en: 'The file holds' },
  file: { zh: '文件（CSV 或 XLSX）', en: 'File (CSV or XLSX)' },
  fileHint: {
    zh: `控制台导出的文件可直接导入，最大 ${MAX_FILE_MB} MB。第一行为列名。`,
    en: `Upload the console's export as it is, up to ${MAX_FILE_MB} MB. The first row holds the column names.`,
  },
  template: {
    zh: '也可按模板自制：订单 `order_id, type, product, amount, date`；月结账单 `bill_id, month, product, amount`（金额单位：元）。',
    en: 'Or write your own: orders `order_id, type, product, amount, date`; monthly bills `bill_id, month, product, amount` (amounts in yuan).',
  },
  templateFilings: { zh: '备案号 `filing_number, domain, date`。', en: 'Filing numbers: `filing_number, domain, date`.' },
  importing: { zh: '正在导入「{name}」…', en: 'Importing "{name}"…' },
  importingNote: { zh: '完成后此窗口会显示结果，可以先关闭。', en: 'The outcome shows here when done; you may close this window.' },
  doneTitle: { zh: '导入结果', en: 'Import result' },
  done: { zh: '✅ 已导入「{name}」（{kind}）', en: '✅ Imported "{name}" ({kind})' },
  failed: { zh: '⚠️ 未能导入「{name}」', en: '⚠️ "{name}" was not imported' },
  counts: {
    zh: '共 {rows} 行：新增 *{added}*，更新 *{updated}*，未变 *{unchanged}*，拒绝 *{refused}*',
    en: '{rows} rows: *{added}* added, *{updated}* updated, *{unchanged}* unchanged, *{refused}* refused',
  },
  refusedTitle: { zh: '*被拒绝的行*（未写入）', en: '*Refused rows* (not written)' },
  more: { zh: '另有 {n} 条，完整列表已作为 CSV 发到您与本应用的私信。', en: '{n} more: the whole list was sent as a CSV to your DM with this app.' },
  moreNotSent: {
    zh: '另有 {n} 条未显示；完整列表未能发送，请修正以上各行后重新导入。',
    en: '{n} more not shown; the list could not be sent, so fix the rows above and import again.',
  },
  reportComment: { zh: '「{name}」中被拒绝的 {n} 行', en: 'The {n} refused rows of "{name}"' },
  close: { zh: '关闭', en: 'Close' },
  cancel: { zh: '取消', en: 'Cancel' },
  tencentTitle: { zh: '*腾讯云计费接口*', en: '*Tencent Cloud billing API*' },
  tencentIntro: {
    zh: '也可以不导出文件：用账号的 API 密钥直接读取腾讯云订单（DescribeDealsByCond），每天自动同步一次，规则与导入文件相同。',
    en: 'Or skip the export: read the account’s orders straight from Tencent Cloud (DescribeDealsByCond) with its API key, synced once a day by the same rules as a file.',
  },
  tencentNoKey: { zh: '尚未设置 API 密钥。', en: 'No API key is set yet.' },
  tencentKey: { zh: 'API 密钥 {hint}，由 <@{by}> 于 {at} 设置。', en: 'API key {hint}, set by <@{by}> on {at}.' },
  tencentLastOk: {
    zh: '上次同步 {at}：新增 {added}，更新 {updated}，未变 {unchanged}，拒绝 {refused}。',
    en: 'Last sync {at}: {added} added, {updated} updated, {unchanged} unchanged, {refused} refused.',
  },
  tencentLastFailed: { zh: '上次同步 {at} 未成功：{why}', en: 'The last sync, {at}, did not go through: {why}' },
  tencentSync: { zh: '立即同步订单', en: 'Sync orders now' },
  tencentSetKey: { zh: '设置 API 密钥', en: 'Set API key' },
  tencentChangeKey: { zh: '更换 API 密钥', en: 'Change API key' },
  tencentSyncing: { zh: '正在从腾讯云读取订单…', en: 'Reading the orders from Tencent Cloud…' },
  tencentOff: { zh: '本服务未启用腾讯云计费接口。', en: 'This server has the Tencent Cloud billing API turned off.' },
  tencentFailed: { zh: '⚠️ 未能从腾讯云同步订单', en: '⚠️ The orders were not synced from Tencent Cloud' },
  syncFailedDm: {
    zh: '⚠️ 今天（{at}）从腾讯云自动同步订单未成功：{why}',
    en: '⚠️ Today’s automatic sync of orders from Tencent Cloud ({at}) did not go through: {why}',
  },
  syncFailedNext: {
    zh: '处理后，次日的自动同步会再试，也可以在 `/contract import` 中点击「立即同步订单」。同一问题不会每天重复提醒，同步成功前只提醒这一次。',
    en: 'Once that is dealt with, the next daily sync tries again, or use *Sync orders now* under `/contract import`. You are told once about this problem, not every day, until a sync succeeds.',
  },
  keyTitle: { zh: '腾讯云 API 密钥', en: 'Tencent Cloud API key' },
  keyDemo: {
    zh: '沙盒：本地模拟的腾讯云只认这个演示密钥。SecretId `{id}`，SecretKey `{key}`',
    en: 'Sandbox: its stand-in of Tencent Cloud knows only this demo key. SecretId `{id}`, SecretKey `{key}`',
  },
  keySave: { zh: '保存', en: 'Save' },
  keyIntro: {
    zh: '在腾讯云控制台「访问管理 → API 密钥管理」中获取。建议使用只授予查询订单（DescribeDealsByCond）权限的子账号密钥。密钥加密保存，不会再显示。',
    en: 'Find it in the Tencent Cloud console under Access Management → API Keys. A sub-account key allowed only to read orders (DescribeDealsByCond) is best. It is stored encrypted and never shown again.',
  },
} as const satisfies Record<string, Messages>;

const fill = (m: Messages, l: Locale, p: Record<string, string | number>) => pick(m, l).replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? ''));

/** The kinds a vendor's account imports: QingCloud offers no filing contract, so no filing numbers. */
export const importKinds = (vendor: Vendor): ImportKind[] => IMPORT_KINDS.filter((k) => k !== 'filings' || vendorProfile(vendor).kinds.includes('filing'));

/** Tencent Cloud accounts: the billing API's key and the last sync, with Sync now and Set API key. */
function tencentBlocks(l: Locale, status: TencentStatus | null, timeZone: string): Block[] {
  const lines = [pick(W.tencentIntro, l)];
  if (!status) lines.push(pick(W.tencentNoKey, l));
  else {
    lines.push(fill(W.tencentKey, l, { hint: status.keyHint, by: status.setBy, at: localTime(status.setAt, timeZone) }));
    const o = status.lastOutcome;
    if (o?.ok)
      lines.push(
        fill(W.tencentLastOk, l, { added: o.added, updated: o.updated, unchanged: o.unchanged, refused: o.refused, at: localTime(new Date(o.at), timeZone) }),
      );
    else if (o) lines.push(fill(W.tencentLastFailed, l, { at: localTime(new Date(o.at), timeZone), why: escapeMrkdwn(o.message[l]) }));
  }
  const buttons = [
    ...(status ? [button(pick(W.tencentSync, l), TENCENT_ACTION.sync, 'sync', { style: 'primary' })] : []),
    button(pick(status ? W.tencentChangeKey : W.tencentSetKey, l), TENCENT_ACTION.key, 'key'),
  ];
  return [divider(), section(`${pick(W.tencentTitle, l)}\n${lines.join('\n')}`), actions(TENCENT_BLOCK.actions, buttons)];
}

/** `tencent`: for a Tencent Cloud account, its billing API's key and last sync (null: none set). */
export function importView(l: Locale, vendor: Vendor, tencent?: { status: TencentStatus | null; timeZone: string }): ModalView {
  const offered = importKinds(vendor);
  const kinds = offered.map((k) => option(pick(IMPORT_KIND_LABEL[k], l), k));
  const filings = offered.includes('filings');
  return modal(
    IMPORT_CB,
    pick(W.title, l),
    [
      section(fill(W.intro, l, { vendor: pick(vendorProfile(vendor).name, l), what: pick(filings ? W.what : W.whatQing, l) })),
      input(IMPORT_BLOCK.kind, pick(W.kind, l), { type: 'radio_buttons', action_id: IMPORT_BLOCK.kind, options: kinds, initial_option: kinds[0] }),
      input(
        IMPORT_BLOCK.file,
        pick(W.file, l),
        { type: 'file_input', action_id: IMPORT_BLOCK.file, filetypes: ['csv', 'xlsx'], max_files: 1 },
        { hint: pick(W.fileHint, l) },
      ),
      context(`${pick(W.template, l)}${filings ? ` ${pick(W.templateFilings, l)}` : ''}`),
      ...(vendor === 'tencent' && tencent ? tencentBlocks(l, tencent.status, tencent.timeZone) : []),
    ],
    { submit: pick(W.submit, l), close: pick(W.cancel, l) },
  );
}

/** The key's two fields; pushed over the import modal. `demoKey`: the sandbox's, to try the sync with. */
export function tencentKeyView(l: Locale, demoKey?: { secretId: string; secretKey: string }): ModalView {
  return modal(
    TENCENT_KEY_CB,
    pick(W.keyTitle, l),
    [
      section(pick(W.keyIntro, l)),
      ...(demoKey ? [context(fill(W.keyDemo, l, { id: demoKey.secretId, key: demoKey.secretKey }))] : []),
      input(TENCENT_BLOCK.secretId, 'SecretId', textInput(TENCENT_BLOCK.secretId, null, { max: 128 })),
      input(TENCENT_BLOCK.secretKey, 'SecretKey', textInput(TENCENT_BLOCK.secretKey, null, { max: 128 })),
    ],
    { submit: pick(W.keySave, l), close: pick(W.cancel, l) },
  );
}

/** While the billing API is read. */
export function tencentSyncingView(l: Locale): ModalView {
  return modal(IMPORT_CB, pick(W.title, l), [section(`⏳ ${pick(W.tencentSyncing, l)}`), context(pick(W.importingNote, l))], { close: pick(W.close, l) });
}

/** The sync did not go through: why, in the person's language (a wrong key, throttling, no permission). */
export const TENCENT_OFF: Messages = W.tencentOff;

/** The DM to an account's admins when the daily sync fails in a way they were not told of yet: what failed, what to do. */
export function tencentSyncFailedMessage(p: { message: Messages; at: string }, l: Locale, timeZone: string): { text: string; blocks: Block[] } {
  const text = fill(W.syncFailedDm, l, { at: localTime(new Date(p.at), timeZone), why: escapeMrkdwn(p.message[l]) });
  return { text, blocks: [section(text), context(pick(W.syncFailedNext, l))] };
}

export function tencentFailedView(l: Locale, why: Messages): ModalView {
  return modal(IMPORT_CB, pick(W.doneTitle, l), [section(`${pick(W.tencentFailed, l)}\n${escapeMrkdwn(why[l])}`)], { close: pick(W.close, l) });
}

/** While the file is read and written: the modal answers at once, the outcome replaces it. */
export function importingView(l: Locale, fileName: string): ModalView {
  return modal(IMPORT_CB, pick(W.title, l), [section(`⏳ ${escapeMrkdwn(fill(W.importing, l, { name: fileName }))}`), context(pick(W.importingNote, l))], {
    close: pick(W.close, l),
  });
}

/** The outcome: the counts, and the first refusals with row and column; `more` says where the rest went. */
export function importResultView(l: Locale, s: ImportSummary, more: 'sent' | 'notSent' | null): ModalView {
  const refusedRows = new Set(s.refused.map((e) => e.row)).size;
  const blocks: Block[] = [
    header(pick(W.doneTitle, l)),
    section(
      `${escapeMrkdwn(fill(W.done, l, { name: s.fileName, kind: pick(IMPORT_KIND_LABEL[s.kind], l) }))}\n${fill(W.counts, l, { ...s, refused: refusedRows })}`,
    ),
  ];
  if (s.refused.length) {
    const lines = s.refused.slice(0, SHOWN_ERRORS).map((e) => `• ${escapeMrkdwn(rowErrorText(e, l))}`);
    blocks.push(...sections(pick(W.refusedTitle, l), lines));
    const rest = s.refused.length - SHOWN_ERRORS;
    if (rest > 0) blocks.push(context(fill(more === 'sent' ? W.more : W.moreNotSent, l, { n: rest })));
  }
  return modal(IMPORT_CB, pick(W.doneTitle, l), blocks, { close: pick(W.close, l) });
}

/** A file that could not be imported at all (unreadable, no such columns), once the modal had moved on. */
export function importFailedView(l: Locale, fileName: string, why: Messages): ModalView {
  return modal(IMPORT_CB, pick(W.doneTitle, l), [section(`${escapeMrkdwn(fill(W.failed, l, { name: fileName }))}\n${escapeMrkdwn(why[l])}`)], {
    close: pick(W.close, l),
  });
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s);

/** Every refused row as a CSV (UTF-8 with BOM, so Excel reads the Chinese): row, column, why in the person's language. */
export function importReportCsv(refused: RowError[], l: Locale): Buffer {
  const head = l === 'zh' ? '行,列,原因' : 'Row,Column,Why';
  // Refusals of the billing API name their order instead of a row.
  const lines = refused.map((e) => [csvCell(e.ref ?? String(e.row)), csvCell(e.column), csvCell(e.message[l])].join(','));
  return Buffer.from(`\ufeff${[head, ...lines].join('\r\n')}\r\n`, 'utf8');
}

export const importReportComment = (l: Locale, fileName: string, n: number) => fill(W.reportComment, l, { name: fileName, n });

/** The Home tab's Import button, for admins. */
export const IMPORT_BUTTON = { zh: '导入订单', en: 'Import items' } as const;
