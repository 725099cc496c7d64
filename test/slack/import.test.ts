// Issue 24 item 3 (R18) through the real Slack flow: an admin of a workspace the demo seed does not know opens Import
// from Home, attaches the console's export to the modal's file input, and submits; the app downloads it with the bot
// token, reads it and writes what is good. Bad rows come back with their row number, column and why, in the person's
// language, and nothing of them is written; the same file again changes nothing; an item a live contract holds is
// never altered.
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { auditEvents, filingNumbers, members, orders } from '../../src/db/schema.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, must } from '../helpers/flows.js';
import { fiftyOrders, importFile as importFileAs, openImport as openImportModal } from '../helpers/imports.js';
import { blocksText, eventually, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const ADMIN_ZH = 'U0IMPADMZH';
const ADMIN_EN = 'U0IMPADMEN';

describe('importing the vendor console exports from Slack', () => {
  const s = useSlackApp({ transport: 'http' });

  async function freshWorkspace(opts: Parameters<typeof s.workspace>[0] = {}): Promise<SeededAccount> {
    const acc = await s.workspace({ orderCount: 0, filingCount: 0, ...opts });
    // Two admins of this workspace only, one reading Chinese and one English.
    s.emu.users.set(ADMIN_ZH, { id: ADMIN_ZH, name: '林晓', locale: 'zh-CN' });
    s.emu.users.set(ADMIN_EN, { id: ADMIN_EN, name: 'Alex', locale: 'en-US' });
    await s.db.ctx.db.insert(members).values([
      { accountId: acc.accountId, slackUserId: ADMIN_ZH, displayName: '林晓', isAdmin: true },
      { accountId: acc.accountId, slackUserId: ADMIN_EN, displayName: 'Alex', isAdmin: true },
    ]);
    return acc;
  }

  const openImport = (user: string) => openImportModal(s, user);
  const importFile = (user: string, kind: string, name: string, bytes: Uint8Array) => importFileAs(s, user, kind, name, bytes);

  const ordersOf = async (acc: SeededAccount, ids: string[]) =>
    s.db.ctx.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), inArray(orders.id, ids)));

  it('imports a CSV of 50 orders with 5 bad rows: each reported with its row number, nothing of them written; again, nothing changes', async () => {
    const acc = await freshWorkspace();
    const { csv, good, bad } = fiftyOrders();
    const first = await importFile(ADMIN_ZH, 'orders', 'orders.csv', new TextEncoder().encode(csv));
    expect(first.errors).toBeUndefined();
    expect(first.text).toContain('共 50 行：新增 *45*，更新 *0*，未变 *0*，拒绝 *5*');
    for (const line of [
      '第 8 行 · 实付金额（元）：「abc」不是金额',
      '第 15 行 · 付费方式：「包月」不是可识别的订单类型',
      '第 23 行 · 下单时间：「2025-13-01 10:00:00」不是日期',
      '第 37 行 · 订单状态：订单状态为「未支付」',
      '第 51 行 · 订单号：不能为空',
    ])
      expect(first.text).toContain(line);
    expect((await ordersOf(acc, good)).length).toBe(45);
    expect(await ordersOf(acc, bad)).toEqual([]);
    const [one] = await ordersOf(acc, [good[0]!]);
    expect(one).toMatchObject({ type: 'prepaid', product: '云服务器 CVM', amountCents: 10150, createdOn: '2025-01-05' });

    const before = await ordersOf(acc, good);
    const again = await importFile(ADMIN_ZH, 'orders', 'orders.csv', new TextEncoder().encode(csv));
    expect(again.text).toContain('新增 *0*，更新 *0*，未变 *45*，拒绝 *5*');
    expect(await ordersOf(acc, good)).toEqual(before);
    const audit = await s.db.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, acc.accountId), eq(auditEvents.action, 'import')));
    expect(audit.map((a) => [a.actor, a.contractId, a.detail.added, a.detail.refusedRows])).toEqual([
      [ADMIN_ZH, null, 45, 5],
      [ADMIN_ZH, null, 0, 5],
    ]);
  });

  it('imports XLSX in English, refuses a row that would change an order a live contract holds, and names the contract', async () => {
    const acc = await freshWorkspace({ vendor: 'qingcloud' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    ws.addRow(['Order ID', 'Product', 'Pay mode', 'Amount', 'Create time']);
    ws.addRow(['QC-1', 'Cloud server', 'prepaid', 1200, new Date(Date.UTC(2025, 2, 1))]);
    ws.addRow(['QC-2', 'Cloud server', 'postpaid', 80.5, new Date(Date.UTC(2025, 2, 2))]);
    const xlsx = async () => new Uint8Array(await wb.xlsx.writeBuffer());
    const first = await importFile(ADMIN_EN, 'orders', 'orders.xlsx', await xlsx());
    expect(first.text).toContain('2 rows: *2* added, *0* updated, *0* unchanged, *0* refused');
    expect(s.emu.openView(ADMIN_EN)?.view.title).toMatchObject({ text: 'Import result' });

    // A recharge contract takes QC-1 (QingCloud needs no framework).
    const c = must(await svc.createDraft(s.db.ctx, actorsOf(acc).requester, { kind: 'recharge', channel: 'vendor_seal', itemIds: ['QC-1'] }));
    ws.getCell('D2').value = 9999;
    ws.getCell('D3').value = 81;
    const second = await importFile(ADMIN_EN, 'orders', 'orders.xlsx', await xlsx());
    expect(second.text).toContain('*0* added, *1* updated, *0* unchanged, *1* refused');
    expect(second.text).toContain(`Row 2 · Order ID: \\"QC-1\\" is in contract ${c.number} and cannot change`);
    expect((await ordersOf(acc, ['QC-1', 'QC-2'])).map((o) => [o.id, o.amountCents])).toEqual([
      ['QC-1', 120000],
      ['QC-2', 8100],
    ]);
    // QingCloud offers no filing contract: the modal offers orders and monthly bills only.
    await openImport(ADMIN_EN);
    const modal = blocksText(s.emu.openView(ADMIN_EN)?.view.blocks);
    expect(modal).toContain('Monthly bills');
    expect(modal).not.toContain('ICP filing numbers');
  });

  it('imports monthly bills and ICP filing numbers; a file of the wrong kind or columns is refused under the file field', async () => {
    const acc = await freshWorkspace();
    const filings = '网站备案号,网站域名,审核通过时间\n京ICP备2025000001号-1,shop.example.cn,2025-02-01\n京ICP备2025000001号-2,api.example.cn,2025-02-01\n';
    const asOrders = await importFile(ADMIN_ZH, 'orders', 'filings.csv', new TextEncoder().encode(filings));
    expect(asOrders.errors).toEqual({ import_file: '这个文件看起来是ICP 备案号，不是订单：请在上方选择「ICP 备案号」' });
    // The modal stays open with the error; choosing the right kind imports.
    const r = await importFile(ADMIN_ZH, 'filings', 'filings.csv', new TextEncoder().encode(filings));
    expect(r.text).toContain('新增 *2*');
    const rows = await s.db.ctx.db.select().from(filingNumbers).where(eq(filingNumbers.accountId, acc.accountId));
    expect(rows.map((f) => f.id).sort()).toEqual(['京ICP备2025000001号-1', '京ICP备2025000001号-2']);

    const bills = await importFile(ADMIN_EN, 'bills', 'bills.csv', new TextEncoder().encode('BillMonth,ProductName,RealTotalCost\n2025-01,CVM,8800.00\n'));
    expect(bills.text).toContain('*1* added');
    expect(await ordersOf(acc, ['2025-01/CVM'])).toMatchObject([{ type: 'monthly_bill', amountCents: 880000 }]);

    const noColumns = await importFile(ADMIN_EN, 'orders', 'x.csv', new TextEncoder().encode('a,b\n1,2\n'));
    expect(noColumns.errors?.import_file).toMatch(/^Required columns not found: order id, type or pay mode or action, paid or amount, date/);
  });

  it('sends the whole list of refusals to the DM when more than the modal shows', async () => {
    await freshWorkspace();
    const lines = ['order_id,type,amount,date', ...Array.from({ length: 40 }, (_, i) => `E-${i},prepaid,x${i},2025-01-01`)];
    const r = await importFile(ADMIN_EN, 'orders', 'bad.csv', new TextEncoder().encode(lines.join('\n')));
    expect(r.text).toContain('*40* refused');
    expect(r.text).toContain('Row 31 ·');
    expect(r.text).not.toContain('Row 32 ·');
    expect(r.text).toContain('10 more: the whole list was sent as a CSV to your DM with this app.');
    const dm = await eventually(() => s.emu.messages(s.emu.dmChannel(ADMIN_EN)).find((m) => m.files?.length), 'the report in the DM');
    expect(dm.text).toBe('The 40 refused rows of "bad.csv"');
    const file = [...s.emu.files.values()].find((f) => f.name === 'bad-refused.csv');
    const report = file?.bytes?.toString('utf8') ?? '';
    expect(report.split('\r\n')[0]).toBe('\ufeffRow,Column,Why');
    expect(report).toContain('41,amount,"""x39"" is not an amount (in yuan, at most two decimals, e.g. 1234.56)"');
  });

  it('a file slower than Slack waits for: the modal says "importing" at once, then shows the outcome or why it failed', async () => {
    const acc = await freshWorkspace();
    for (const [user, csv, name] of [
      [ADMIN_ZH, 'order_id,type,amount,date\nSLOW-1,prepaid,10,2025-01-01\nSLOW-2,postpaid,x,2025-01-01\n', 'slow.csv'],
      [ADMIN_EN, 'a,b\n1,2\n', 'columns.csv'],
    ] as const) {
      await openImport(user);
      s.emu.attachFile(user, 'import_file', { name, bytes: new TextEncoder().encode(csv) });
      // The download hangs until released: the submission must still be answered, with the "importing" view.
      const release = s.emu.fileInputs.holdDownloads();
      const answered = await s.emu.submitView(user, { import_kind: 'orders' }).finally(release);
      expect(answered.errors).toBeUndefined();
      expect(answered.json).toMatchObject({ response_action: 'update' });
      expect(blocksText((answered.json as { view?: { blocks?: unknown } }).view?.blocks)).toContain(
        user === ADMIN_ZH ? '⏳ 正在导入「slow.csv」…' : '⏳ Importing \\"columns.csv\\"…',
      );
      const done = await eventually(() => {
        const v = s.emu.openView(user);
        return v && !blocksText(v.view.blocks).includes('⏳') && blocksText(v.view.blocks);
      }, 'the outcome replacing "importing"');
      if (user === ADMIN_ZH) {
        expect(done).toContain('✅ 已导入「slow.csv」（订单）');
        expect(done).toContain('共 2 行：新增 *1*，更新 *0*，未变 *0*，拒绝 *1*');
      } else {
        // Refused as a whole after the modal moved on: the failure view says why, in English.
        expect(done).toContain('⚠️ \\"columns.csv\\" was not imported');
        expect(done).toContain('Required columns not found');
      }
    }
    expect((await ordersOf(acc, ['SLOW-1', 'SLOW-2'])).map((o) => o.id)).toEqual(['SLOW-1']);
  });

  it('/contract import opens the same modal for an admin, refuses anyone else, and help names it for the vendor', async () => {
    await freshWorkspace();
    await s.emu.closeView(ADMIN_ZH);
    await s.emu.command(ADMIN_ZH, 'import');
    const modal = await eventually(() => s.emu.openView(ADMIN_ZH)?.view.callback_id === 'import' && s.emu.openView(ADMIN_ZH), 'the import modal');
    expect(blocksText(modal.view.blocks)).toContain('ICP 备案号');
    const refused = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'import'));
    expect(refused.text).toBe('只有管理员可以导入订单、账单和备案号。');
    const help = await nextEphemeral(s.emu, ADMIN_EN, () => s.emu.command(ADMIN_EN, 'help'));
    expect(blocksText(help.blocks)).toContain('*/contract import* import orders, monthly bills and ICP filing numbers (admins; or Import items on Home)');
    await freshWorkspace({ vendor: 'qingcloud' });
    const qingHelp = await nextEphemeral(s.emu, ADMIN_ZH, () => s.emu.command(ADMIN_ZH, 'help'));
    expect(blocksText(qingHelp.blocks)).toContain('*/contract import* 导入订单和月结账单（管理员；也可在主页点「导入订单」）');
  });

  it('shows Import only to admins, and refuses a non-admin who clicks it anyway', async () => {
    await freshWorkspace();
    await s.emu.openHome(U.requester);
    const home = await eventually(() => s.emu.homes.get(U.requester), 'the Home tab');
    expect(blocksText(home.blocks)).not.toContain('home:import');
    const seen = s.emu.ephemeralsFor(U.requester).length;
    await s.emu.clickAction(U.requester, { home: true }, { actionId: 'home:import', value: 'import' });
    const told = await eventually(() => s.emu.ephemeralsFor(U.requester)[seen], 'the refusal');
    expect(told.text).toBe('⚠️ 您无权执行「导入订单、账单和备案号」');
    expect(s.emu.openView(U.requester)).toBeUndefined();
  });
});
