// The sandbox as a company that just installed the app sees it (issue 24): besides the two demo companies, a third
// workspace no account is linked to, where the demo admin (a workspace admin per users.info) can walk the set-up; its
// /slack/install answers with a page saying where the app is installed; and an admin of the Tencent Cloud demo
// company can save an API key (sealed under the sandbox's own key) and sync orders from its stand-in of Tencent Cloud,
// which checks the SDK's signature as Tencent does.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEMO_QING_TEAM_ID, DEMO_TEAM_ID, SANDBOX_NEW_TEAM_ID } from '../../src/app.js';
import { accounts, orders, tencentBilling } from '../../src/db/schema.js';
import { buttonsIn } from '../../src/sandbox/client.js';
import { SANDBOX_TENCENT_KEY } from '../../src/sandbox/tencent-billing.js';
import { DEMO_USERS } from '../../src/seed/demo.js';
import { until, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();
const ADMIN = DEMO_USERS.admin.id;
const text = (x: unknown) => JSON.stringify(x);

describe('the sandbox for a new company', () => {
  it('/slack/install says the sandbox is installed in its workspaces, with a link back', async () => {
    const res = await fetch(`${s.app.url}/slack/install`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('沙盒已安装');
    expect(html).toContain('Installed in the sandbox');
    expect(html).toContain('href="/"');
    for (const w of (await s.api.workspace()).workspaces) expect(html).toContain(w.name.replace(/&/g, '&amp;'));
    expect((await fetch(`${s.app.url}/slack/oauth_redirect?code=x&state=y`)).status).toBe(200);
  });

  it('offers a third workspace that is not linked, where the admin can set it up; the demo companies stay as they are', async () => {
    const ws = await s.api.workspace();
    expect(ws.workspaces.map((w) => w.teamId)).toEqual([DEMO_TEAM_ID, DEMO_QING_TEAM_ID, SANDBOX_NEW_TEAM_ID]);
    const linked = await s.database.db.select({ team: accounts.slackTeamId }).from(accounts);
    expect(linked.map((a) => a.team).sort()).toEqual([DEMO_TEAM_ID, DEMO_QING_TEAM_ID]);

    await s.api.switchWorkspace(SANDBOX_NEW_TEAM_ID);
    try {
      await s.api.command(ADMIN, '/contract list');
      const answer = await until(async () => (await s.api.ephemerals(ADMIN)).find((e) => e.text.includes('尚未设置')), 'the way forward');
      const open = buttonsIn(answer.blocks as never).find((b) => b.actionId === 'setup:open');
      expect(open).toBeDefined();
      await s.api.openHome(ADMIN);
      const home = await until(async () => (await s.api.home(ADMIN)) ?? null, 'the Home tab');
      expect(buttonsIn(home.blocks).some((b) => b.actionId === 'setup:open')).toBe(true);
      await s.api.action(
        ADMIN,
        'home',
        buttonsIn(home.blocks).find((b) => b.actionId === 'setup:open')!,
      );
      const setup = await until(
        async () => (await s.api.views(ADMIN)).at(-1)?.view.callback_id === 'setup:account' && (await s.api.views(ADMIN)).at(-1),
        'the set-up modal',
      );
      expect(text(setup.view)).toContain('实名认证主体');
      await s.api.close(ADMIN);
    } finally {
      await s.api.switchWorkspace(DEMO_TEAM_ID);
    }
    // The demo company still answers as itself.
    await s.api.command(ADMIN, '/contract list');
    await until(async () => (await s.api.ephemerals(ADMIN)).some((e) => e.text.includes('我的合同')), 'the demo company’s list');
  });

  it('an admin saves a Tencent Cloud API key, sealed under the sandbox’s own key, and syncs orders from the stand-in', async () => {
    await s.api.switchWorkspace(DEMO_TEAM_ID);
    await s.api.openHome(ADMIN);
    const home = await until(async () => (await s.api.home(ADMIN)) ?? null, 'the Home tab');
    await s.api.action(
      ADMIN,
      'home',
      buttonsIn(home.blocks).find((b) => b.actionId === 'home:import')!,
    );
    const modal = await until(
      async () => (await s.api.views(ADMIN)).at(-1)?.view.callback_id === 'import' && (await s.api.views(ADMIN)).at(-1),
      'the import modal',
    );
    await s.api.action(
      ADMIN,
      `view:${modal.id}`,
      buttonsIn(modal.view.blocks as never).find((b) => b.actionId === 'import:tencent_key')!,
    );
    const keyView = await until(
      async () => (await s.api.views(ADMIN)).at(-1)?.view.callback_id === 'import_tencent_key' && (await s.api.views(ADMIN)).at(-1),
      'the key modal',
    );
    // The sandbox says which key its Tencent Cloud knows.
    expect(text(keyView.view)).toContain(SANDBOX_TENCENT_KEY.secretId);
    const saved = await s.api.submit(ADMIN, { tencent_secret_id: SANDBOX_TENCENT_KEY.secretId, tencent_secret_key: SANDBOX_TENCENT_KEY.secretKey });
    expect(text(saved)).not.toContain('TOKEN_ENCRYPTION_KEY');
    const [account] = await s.database.db.select().from(accounts).where(eq(accounts.slackTeamId, DEMO_TEAM_ID));
    const [row] = await s.database.db.select().from(tencentBilling).where(eq(tencentBilling.accountId, account!.id));
    expect(row!.sealedKey).toMatch(/^v1\./);
    expect(row!.sealedKey).not.toContain(SANDBOX_TENCENT_KEY.secretKey);
    // The key it was sealed under lives in the data folder, readable by the owner only.
    const keyFile = join(s.dataDir, 'sandbox-encryption-key');
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    expect(Buffer.from(readFileSync(keyFile, 'utf8'), 'base64')).toHaveLength(32);

    const back = await until(async () => {
      const v = (await s.api.views(ADMIN)).at(-1);
      return v?.view.callback_id === 'import' && text(v.view).includes('AKID…') && v;
    }, 'the import modal with the key');
    await s.api.action(
      ADMIN,
      `view:${back.id}`,
      buttonsIn(back.view.blocks as never).find((b) => b.actionId === 'import:tencent_sync')!,
    );
    const done = await until(
      async () => {
        const v = (await s.api.views(ADMIN)).at(-1);
        return v && (text(v.view).includes('✅') || text(v.view).includes('⚠️')) && v;
      },
      'the sync outcome',
      60_000,
    );
    expect(text(done.view)).toContain('新增 *20*');
    const synced = await s.database.db.select().from(orders).where(eq(orders.accountId, account!.id));
    expect(synced.filter((o) => o.id.startsWith('202690')).length).toBe(20);
  });
});
