// The sandbox page in a real browser (Debian's Chromium, driven by playwright-core): a person who knows Slack clicks
// a dual-channel order contract from /contract new to effective, as the requester, the approver and the signer.
// The page is never reloaded: every change arrives over the event stream. Screenshots of each step are kept in
// .test-artifacts/sandbox/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEAM_ID } from '../../src/app.js';
import { accounts } from '../../src/db/schema.js';
import { DEMO_CHANNELS, DEMO_USERS } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { useSandbox } from '../helpers/sandbox.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Chromium and sets this, so a missing browser fails there instead of skipping.
const required = process.env.REQUIRE_BROWSER === '1';
const available = existsSync(CHROMIUM);
if (!available && !required) process.stderr.write(`browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);

const ARTIFACTS = join(process.cwd(), '.test-artifacts', 'sandbox');
const REQUESTER = DEMO_USERS.requester.id;

describe.skipIf(!available && !required)('sandbox page in Chromium', () => {
  const s = useSandbox();
  let browser: BrowserContext;
  let page: Page;
  let userDir: string;
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`) });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    userDir = mkdtempSync(join(tmpdir(), 'contract-desk-chromium-'));
    // A fresh profile each run: nothing cached from an earlier run can make the page look right.
    browser = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
      viewport: { width: 1400, height: 860 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => {
      throw e;
    });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(userDir, { recursive: true, force: true });
  });

  /** The open modal, once its title reads `title`. */
  const modal = async (title: string) => {
    await page.locator('#modal-layer .modal-head h2', { hasText: title }).waitFor();
    return page.locator('#modal-layer .modal');
  };
  const actAs = async (userId: string) => {
    await page.selectOption('#user-switch', userId);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { sandbox: { state: { user: string } } }).sandbox.state.user)).toBe(userId);
  };
  /** Clicks a button; when Slack would ask to confirm, confirms. */
  const press = async (selector: string) => {
    await page.locator(selector).first().click();
    const confirm = page.locator('#confirm-layer [data-ok]');
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
  };

  it('walks a dual-channel order contract with three orders to effective and opens its formal PDF', async () => {
    await page.goto(`${s.app.url}/?user=${REQUESTER}&channel=${DEMO_CHANNELS.contracts}`);
    await page.locator('body[data-ready]').waitFor();
    await page.locator('.thread-link', { hasText: '4 replies' }).waitFor(); // the seeded framework's thread
    await shot('start-requester-in-contracts');

    // /contract new in the composer opens the first step.
    await page.fill('#composer-input', '/contract new');
    await page.press('#composer-input', 'Enter');
    let m = await modal('创建合同');
    await m.locator('select[data-action-id="kind"]').selectOption('order');
    await m.locator('input[type="radio"][value="dual_seal"]').check();
    await shot('new-contract-modal');
    await m.locator('[data-modal-submit]').click();

    // Orders come from the app's type-ahead; ineligible ones are listed with the reason.
    const picker = page.locator('.bk-ext[data-action-id="items"]');
    await picker.waitFor();
    await picker.locator('.ext-query').click();
    await picker.locator('.ext-menu li[data-value]').first().waitFor();
    await expect.poll(() => picker.locator('.ext-menu li', { hasText: '⛔' }).count()).toBeGreaterThan(0);
    await shot('order-typeahead');
    for (let i = 0; i < 3; i++) {
      await picker.locator('.ext-menu li[data-value]').filter({ hasNotText: '⛔' }).first().click();
      await expect.poll(() => picker.locator('.chip').count()).toBe(i + 1);
      await picker.locator('.ext-query').click();
    }
    await page.keyboard.press('Tab');
    await shot('three-orders-chosen');
    await page.locator('#modal-layer [data-modal-submit]').click();

    // Party A: a wrong phone number is refused under its field, and what was typed stays.
    m = await modal('甲方');
    await m.locator('input[data-action-id="phone"]').fill('12345');
    await m.locator('input[data-action-id="contact_name"]').fill('李雷');
    await m.locator('[data-modal-submit]').click();
    const error = m.locator('.bk-input[data-block-id="phone"] .bk-error');
    await expect.poll(() => error.textContent()).toMatch(/电话|手机|phone/i);
    expect(await m.locator('input[data-action-id="contact_name"]').inputValue()).toBe('李雷');
    await shot('inline-error-on-phone');
    await m.locator('input[data-action-id="phone"]').fill('13800138000');
    await m.locator('[data-modal-submit]').click();
    await expect.poll(() => page.locator('#modal-layer [data-action-id="phone"]').count()).toBe(0);
    if (await page.locator('#modal-layer .modal').isVisible()) await page.locator('#modal-layer [data-modal-close]').first().click();

    // The draft is generated by the e-sign service; the Home tab, already open, then offers "confirm the text".
    await page.click('#nav-app');
    await page.locator('.home button[data-action-id="step:confirmText"]').waitFor();
    await shot('home-confirm-text');
    await press('.home button[data-action-id="step:confirmText"]');
    m = await modal('确认');
    expect(await m.locator('a[href*="/draft?"]').count()).toBe(1);
    await shot('confirm-text-modal');
    await m.locator('[data-modal-submit]').click();
    m = await modal('签署');
    const signer = m.locator('select[data-action-id="signer"]');
    const wangFang = await signer.locator('option', { hasText: '王芳' }).getAttribute('value');
    await signer.selectOption(wangFang);
    await shot('signer-chosen');
    await m.locator('[data-modal-submit]').click();
    await expect.poll(() => page.locator('#modal-layer [data-action-id="signer"]').count()).toBe(0);
    if (await page.locator('#modal-layer .modal').isVisible()) await page.locator('#modal-layer [data-modal-close]').first().click();

    // The approver finds the request in the app's Messages tab and approves.
    await actAs(DEMO_USERS.approver.id);
    await page.click('[data-tab="messages"]');
    const approve = page.locator('#messages button[data-action-id="approval:approve"]');
    await approve.last().waitFor();
    await shot('approver-dm');
    await press('#messages button[data-action-id="approval:approve"] >> nth=-1');
    await page.locator('#messages .msg', { hasText: 'Approved by' }).last().waitFor();
    await shot('approved');

    // The signer signs from the DM that stands in for the SMS.
    await actAs(DEMO_USERS.signer.id);
    await page.locator('#messages button[data-action-id="esign:sign"]').last().waitFor();
    await shot('signer-dm');
    await press('#messages button[data-action-id="esign:sign"] >> nth=-1');

    // Back as the requester: the contract's thread in #contracts ends "effective", live, without a reload.
    await actAs(REQUESTER);
    await page.click(`[data-channel="${DEMO_CHANNELS.contracts}"]`);
    const root = page.locator('#messages .msg', { hasText: '订单合同' }).filter({ hasText: '已生效' });
    await root.waitFor({ timeout: 30_000 });
    await root.locator('.thread-link').click();
    await page.locator('#thread-body .msg', { hasText: '腾讯云已签章' }).waitFor({ timeout: 30_000 });
    await shot('effective-thread');

    // The formal PDF link opens the real document.
    const link = page.locator('#thread-body a', { hasText: '正式合同 PDF' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/documents\/[\w-]+\/formal\?exp=\d+&sig=/);
    const [pdfPage, response] = await Promise.all([
      page.context().waitForEvent('page'),
      page.context().waitForEvent('response', (r) => r.url().includes('/formal?')),
      link.click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(pdfPage.url()).toBe(href);
    await pdfPage.waitForLoadState();
    await pdfPage.waitForTimeout(1500); // the built-in viewer draws the first page
    await pdfPage.screenshot({ path: join(ARTIFACTS, `${String(++step).padStart(2, '0')}-formal-pdf.png`) });
    // The viewer shows the document; the bytes behind the link are the stored PDF.
    const bytes = await (await browser.request.get(href!)).body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await pdfPage.close();
  });

  it('a button inside a modal acts on its own: Download and Void (its confirm dialog cancelled) in the record never submit it (issue 26, item 20)', async () => {
    const ctx = s.app.ctx;
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.slackTeamId, DEMO_TEAM_ID));
    const me = { type: 'user' as const, accountId: account!.id, userId: REQUESTER };
    const order = (await svc.searchItems(ctx.db, account!.id, 'order', '')).find((o) => !o.reason && o.type === 'prepaid')!;
    const draft = await svc.createDraft(ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: [order.id] });
    expect(draft.ok ? 'ok' : draft.error.message.en).toBe('ok');
    // The e-sign service makes the draft (3 minutes in Slack, a moment here); then Void is offered.
    await expect
      .poll(async () => (await svc.getContract(ctx.db, account!.id, draft.ok ? draft.value.id : ''))?.subStatus, { timeout: 20_000 })
      .toBe('draft_ready');
    await page.goto(`${s.app.url}/?user=${REQUESTER}&app=home`);
    await page.locator('body[data-ready]').waitFor();
    await press('.home button[data-action-id="home:record"]');
    const m = await modal('合同申请记录');
    const number = draft.ok ? draft.value.number : '';
    await m.locator('.bk', { hasText: number }).first().waitFor();

    // Void asks first; cancelling changes nothing, and the modal was not submitted (it has no submit button).
    const voidButton = m.locator(`button[data-action-id="act:void"][data-value^="${draft.ok ? draft.value.id : ''}"]`);
    await voidButton.click();
    await page.locator('#confirm-layer [data-deny]').click();
    // Download answers in Messages; the modal stays as it was.
    const answered = (await s.api.ephemerals(REQUESTER)).length;
    await m.locator('button[data-action-id="doc:download"]').first().click();
    await expect.poll(async () => (await s.api.ephemerals(REQUESTER)).length).toBeGreaterThan(answered);
    await shot('record-buttons-inside-a-modal');
    expect(await page.locator('#toast').isVisible()).toBe(false);
    expect(await page.locator('#modal-layer .modal-head h2').textContent()).toBe('合同申请记录');
    const c = await svc.getContract(ctx.db, account!.id, draft.ok ? draft.value.id : '');
    expect(c!.status).toBe('draft');
  });

  it('keeps the sidebar in view with 60 contracts in #contracts, wraps a 300-character unbroken string, and says who reads English', async () => {
    const emu = s.app.emulator!;
    for (let i = 0; i < 60; i += 1) emu.postAsUser(REQUESTER, DEMO_CHANNELS.contracts, `HT-2026-${900000 + i} · 订单合同 · 草稿\n第 ${i + 1} 份`);
    const unbroken = 'A1b2C3d4E5'.repeat(30);
    emu.postAsUser(REQUESTER, DEMO_CHANNELS.contracts, unbroken);
    await page.goto(`${s.app.url}/?user=${REQUESTER}&channel=${DEMO_CHANNELS.contracts}`);
    await page.locator('body[data-ready]').waitFor();
    const long = page.locator('#messages .msg', { hasText: unbroken.slice(0, 40) }).last();
    await long.waitFor();
    await page.locator('#messages').evaluate((el: { scrollTop: number }) => {
      el.scrollTop = 1e9;
    });
    await shot('sixty-contracts-and-a-long-string');
    // The page itself never scrolls or widens: the panes do, so "Acting as" stays where it was.
    type Win = { document: { documentElement: { scrollHeight: number; scrollWidth: number } }; innerHeight: number; innerWidth: number };
    const size = await page.evaluate(() => {
      const w = globalThis as unknown as Win;
      return { h: w.document.documentElement.scrollHeight, w: w.document.documentElement.scrollWidth, vh: w.innerHeight, vw: w.innerWidth };
    });
    expect(size.h).toBeLessThanOrEqual(size.vh);
    expect(size.w).toBeLessThanOrEqual(size.vw);
    const acting = (await page.locator('#user-switch').boundingBox())!;
    expect(acting.y).toBeGreaterThanOrEqual(0);
    expect(acting.y + acting.height).toBeLessThanOrEqual(size.vh);
    // The unbroken string wraps inside the messages pane, over several lines.
    const pane = (await page.locator('#messages').boundingBox())!;
    const text = (await long.locator('.msg-body').boundingBox())!;
    expect(text.x + text.width).toBeLessThanOrEqual(pane.x + pane.width);
    expect(text.height).toBeGreaterThan(3 * 20);
    // The people list says which language each one reads.
    const people = await page.locator('#user-switch option').allTextContents();
    expect(people).toContain('刘洋 (Finance) · Approver · 审批人 · English');
    expect(people).toContain('孙磊 · Requester · 申请人 · 中文');
  });
});
