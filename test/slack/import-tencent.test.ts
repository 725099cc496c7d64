// Tencent Cloud's billing API from the import modal (issue 24 item 3): an admin sets the account's API key in a modal
// pushed over Import (refused under its field when it is not one), the modal then shows the key's hint and a Sync
// button, and Sync reads the orders through the vendor's SDK from a stand-in of the endpoint that checks each
// request's signature, showing what was imported, or, with a wrong key, why nothing was, in the admin's language.
import { randomBytes } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { members, orders } from '../../src/db/schema.js';
import { startBillingStandIn } from '../../src/sandbox/tencent-billing.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import { openImport as openImportOf } from '../helpers/imports.js';
import { blocksText, eventually, findButton, useSlackApp } from '../helpers/slack.js';

const ADMIN_ZH = 'U0TCADMZH';
const ADMIN_EN = 'U0TCADMEN';
const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';

const standIn = await startBillingStandIn({
  keys: { [SECRET_ID]: SECRET_KEY },
  deals: Array.from({ length: 30 }, (_, i) => ({
    OrderId: `2026${String(i).padStart(8, '0')}`,
    Status: 4,
    CreateTime: `2026-11-${String(1 + (i % 20)).padStart(2, '0')} 09:00:00`,
    RealTotalCost: 50_000 + i,
    PayMode: 'prePay',
    Action: 'purchase',
    ProductName: '云数据库 MySQL',
  })),
});
afterAll(() => standIn.close());

describe('Tencent Cloud billing API in the import modal', () => {
  const s = useSlackApp({ env: { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TENCENT_BILLING_STANDIN: standIn.url } });

  async function freshWorkspace(vendor: 'tencent' | 'qingcloud' = 'tencent'): Promise<SeededAccount> {
    const acc = await s.workspace({ orderCount: 0, filingCount: 0, vendor });
    s.emu.users.set(ADMIN_ZH, { id: ADMIN_ZH, name: '林晓', locale: 'zh-CN' });
    s.emu.users.set(ADMIN_EN, { id: ADMIN_EN, name: 'Alex', locale: 'en-US' });
    await s.db.ctx.db.insert(members).values([
      { accountId: acc.accountId, slackUserId: ADMIN_ZH, displayName: '林晓', isAdmin: true },
      { accountId: acc.accountId, slackUserId: ADMIN_EN, displayName: 'Alex', isAdmin: true },
    ]);
    return acc;
  }

  const openImport = (user: string) => openImportOf(s, user);

  async function setKey(user: string, secretId: string, secretKey: string) {
    const modal = await openImport(user);
    await s.emu.clickAction(user, { view: modal }, findButton(modal.view.blocks, 'import:tencent_key'));
    await eventually(() => s.emu.openView(user)?.view.callback_id === 'import_tencent_key', 'the API key modal');
    return s.emu.submitView(user, { tencent_secret_id: secretId, tencent_secret_key: secretKey });
  }

  async function syncNow(user: string) {
    const modal = await eventually(() => {
      const v = s.emu.openView(user);
      return v?.view.callback_id === 'import' && blocksText(v.view.blocks).includes('AKID…MPLE') && v;
    }, 'the import modal with the key');
    await s.emu.clickAction(user, { view: modal }, findButton(modal.view.blocks, 'import:tencent_sync'));
    const done = await eventually(
      () => {
        const v = s.emu.openView(user);
        const text = v ? blocksText(v.view.blocks) : '';
        return v && (text.includes('✅') || text.includes('⚠️')) && v;
        // The first sync loads the SDK and asks a year of windows: on a busy machine that is seconds.
      },
      'the sync outcome',
      60_000,
    );
    return blocksText(done.view.blocks);
  }

  it('sets the key (refused under its field when malformed), then syncs the orders and shows what was imported, in Chinese', async () => {
    const acc = await freshWorkspace();
    const modal = await openImport(ADMIN_ZH);
    expect(blocksText(modal.view.blocks)).toContain('腾讯云计费接口');
    expect(blocksText(modal.view.blocks)).toContain('尚未设置 API 密钥。');

    const bad = await setKey(ADMIN_ZH, 'my-key', SECRET_KEY);
    expect(bad.errors).toEqual({ tencent_secret_id: 'SecretId 应为 AKID 开头的一串字母和数字（在腾讯云「访问管理 → API 密钥管理」中查看）' });
    const good = await s.emu.submitView(ADMIN_ZH, { tencent_secret_id: SECRET_ID, tencent_secret_key: SECRET_KEY });
    expect(good.errors).toBeUndefined();

    const outcome = await syncNow(ADMIN_ZH);
    expect(outcome).toContain('共 30 行：新增 *30*，更新 *0*，未变 *0*，拒绝 *0*');
    const stored = await s.db.ctx.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), like(orders.id, '2026%')));
    expect(stored).toHaveLength(30);
    expect(standIn.requests.filter((r) => r.secretId === SECRET_ID).every((r) => r.error === null)).toBe(true);
    // The modal opened again tells when the last sync ran and what it did.
    const again = await openImport(ADMIN_ZH);
    expect(blocksText(again.view.blocks)).toMatch(/上次同步 .+：新增 30，更新 0，未变 0，拒绝 0。/);
  });

  it('a key Tencent does not accept: the sync says why in English and imports nothing; QingCloud has no such section', async () => {
    const acc = await freshWorkspace();
    const r = await setKey(ADMIN_EN, SECRET_ID, 'WrongWrongWrongWrongWrongWrong12');
    expect(r.errors).toBeUndefined();
    const outcome = await syncNow(ADMIN_EN);
    expect(outcome).toContain('The orders were not synced from Tencent Cloud');
    expect(outcome).toContain('Tencent Cloud refused this API key (AuthFailure.SignatureFailure)');
    const stored = await s.db.ctx.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), like(orders.id, '2026%')));
    expect(stored).toHaveLength(0);

    await freshWorkspace('qingcloud');
    const qing = await openImport(ADMIN_EN);
    expect(blocksText(qing.view.blocks)).not.toContain('Tencent Cloud billing API');
  });

  it('the daily sync fails: the admins get one DM each in their language saying what failed and what to do, once per distinct failure until it succeeds', async () => {
    await freshWorkspace();
    const dms = (user: string) => s.emu.messages(s.emu.dmChannel(user)).filter((m) => /腾讯云自动同步订单|automatic sync of orders/.test(m.text));
    const daily = async () => {
      await s.app.jobs!.tick.tencent();
      await s.drain();
    };
    const nextDay = () => s.db.advance(24 * 3600_000);
    expect((await setKey(ADMIN_ZH, SECRET_ID, 'WrongWrongWrongWrongWrongWrong12')).errors).toBeUndefined();

    await daily();
    expect(dms(ADMIN_ZH)).toHaveLength(1);
    expect(dms(ADMIN_EN)).toHaveLength(1);
    const zh = dms(ADMIN_ZH)[0]!;
    expect(zh.text).toContain('从腾讯云自动同步订单未成功：腾讯云拒绝了这个 API 密钥（AuthFailure.SignatureFailure）');
    expect(zh.text).toContain('请在「设置 API 密钥」中重新填写');
    expect(blocksText(zh.blocks)).toContain('立即同步订单');
    const en = dms(ADMIN_EN)[0]!;
    expect(en.text).toContain('Tencent Cloud refused this API key (AuthFailure.SignatureFailure)');
    expect(blocksText(en.blocks)).toContain('You are told once about this problem');

    // The same failure on the following days: nobody is told again.
    for (let day = 0; day < 2; day++) {
      nextDay();
      await daily();
    }
    expect([dms(ADMIN_ZH).length, dms(ADMIN_EN).length]).toEqual([1, 1]);

    // A different failure (a SecretId Tencent does not know) is told, once.
    expect((await setKey(ADMIN_EN, 'AKIDunknownunknownunknown1234', SECRET_KEY)).errors).toBeUndefined();
    nextDay();
    await daily();
    nextDay();
    await daily();
    expect([dms(ADMIN_ZH).length, dms(ADMIN_EN).length]).toEqual([2, 2]);
    expect(dms(ADMIN_EN)[1]!.text).toContain('AuthFailure.SecretIdNotFound');

    // Fixed: the sync succeeds and says nothing; the first failure after a success is told again.
    expect((await setKey(ADMIN_ZH, SECRET_ID, SECRET_KEY)).errors).toBeUndefined();
    nextDay();
    await daily();
    expect([dms(ADMIN_ZH).length, dms(ADMIN_EN).length]).toEqual([2, 2]);
    expect((await setKey(ADMIN_ZH, SECRET_ID, 'WrongWrongWrongWrongWrongWrong12')).errors).toBeUndefined();
    nextDay();
    await daily();
    expect([dms(ADMIN_ZH).length, dms(ADMIN_EN).length]).toEqual([3, 3]);
  });
});
