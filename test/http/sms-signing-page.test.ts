// R8: a signer outside Slack signs from the link in their SMS. The browser test walks it on a phone-sized screen in
// Chromium; the HTTP tests try what an attacker or an unlucky signer would: expired, tampered, reused, superseded,
// cancelled links, wrong codes and posts from another site, in both languages.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contractThreads, signers, signingLinks } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders, must, newContractIn } from '../helpers/flows.js';
import { useSlackApp } from '../helpers/slack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserAvailable = existsSync(CHROMIUM) || process.env.REQUIRE_BROWSER === '1';
const ARTIFACTS = join(process.cwd(), '.test-artifacts', 'signing-page');

describe('the signing page for a signer outside Slack', () => {
  const s = useSlackApp();
  let phoneSeq = 0;

  /** A dual-channel order contract waiting for a signer who has no Slack account; returns it and the SMS link. */
  async function outsideSigner(acc?: SeededAccount) {
    acc ??= await s.workspace();
    const a = actorsOf(acc);
    await effectiveFramework(s.db, acc);
    const phone = `1370000${String(++phoneSeq).padStart(4, '0')}`;
    const [signer] = await s.db.ctx.db
      .insert(signers)
      .values({
        accountId: acc.accountId,
        name: '赵外签',
        phone,
        slackUserId: null,
        status: 'authorised',
        requestedBy: a.admin.type === 'user' ? a.admin.userId : '',
      })
      .returning();
    const c0 = await newContractIn(s.db, acc, { kind: 'order', channel: 'dual_seal', itemIds: eligibleOrders(acc).slice(0, 2) }, 'draft/confirming_signing');
    must(await svc.confirmSigningInfo(s.db.ctx, a.requester, c0.id, { signerId: signer!.id }));
    const c = must(await svc.startSigning(s.db.ctx, a.requester, c0.id));
    await s.drain();
    return { acc, a, c, phone, link: await linkIn(phone) };
  }

  async function sms(phone: string) {
    return s.app.esign.smsTo(phone);
  }

  /** The newest signing link the phone received, as a full URL. */
  async function linkIn(phone: string): Promise<string> {
    const texts = (await sms(phone)).map((m) => m.text).filter((t) => t.includes('/sign/'));
    const m = /(http:\/\/\S+\/sign\/\S+)/.exec(texts.at(-1) ?? '');
    if (!m) throw new Error(`no signing link in the SMS to ${phone}`);
    return m[1]!;
  }

  async function codeIn(phone: string): Promise<string> {
    const m = /验证码：(\d{6})/.exec(
      (await sms(phone))
        .map((x) => x.text)
        .filter((t) => t.includes('验证码'))
        .at(-1) ?? '',
    );
    if (!m) throw new Error(`no code in the SMS to ${phone}`);
    return m[1]!;
  }

  /** A signer's visit over plain HTTP: GET the page (keeping its cookie and token), then post its forms. */
  async function visit(link: string, lang: 'zh' | 'en' = 'zh') {
    const url = `${link}&lang=${lang}`;
    const page = await fetch(url);
    const html = await page.text();
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const action = (name: 'code' | 'sign') => {
      const u = new URL(link);
      return `${u.origin}${u.pathname}/${name}${u.search}&lang=${lang}`;
    };
    const post = (name: 'code' | 'sign', fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(action(name), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
        body: new URLSearchParams({ csrf, ...fields }).toString(),
      });
    return { status: page.status, html, post };
  }

  async function threadTexts(contractId: string): Promise<string> {
    const [t] = await s.db.ctx.db.select().from(contractThreads).where(eq(contractThreads.contractId, contractId));
    return t
      ? s.emu
          .thread(t.channel, t.rootTs)
          .map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`)
          .join('\n')
      : '';
  }

  describe.skipIf(!browserAvailable)('in Chromium on a phone', () => {
    it('opens the SMS link, reads the contract, gets a code, signs; the thread shows 客户已签署 and the vendor seals next', async () => {
      const { c, phone, link } = await outsideSigner();
      mkdirSync(ARTIFACTS, { recursive: true });
      const userDir = mkdtempSync(join(tmpdir(), 'contract-desk-signing-'));
      const browser = await chromium.launchPersistentContext(userDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      });
      try {
        const page = browser.pages()[0] ?? (await browser.newPage());
        // This machine has no CJK fonts: the page falls back to the one it serves. Chromium keeps boxes for text it
        // drew before that font arrived (the sandbox page hides itself until then), so the screenshots lay out again.
        const settleFonts = () =>
          page.evaluate(async () => {
            const doc = (
              globalThis as unknown as { document: { fonts: { ready: Promise<unknown> }; body: { style: { display: string }; offsetHeight: number } } }
            ).document;
            await doc.fonts.ready;
            doc.body.style.display = 'none';
            void doc.body.offsetHeight;
            doc.body.style.display = '';
          });
        page.setDefaultTimeout(20_000);
        await page.goto(link);
        await settleFonts();
        await expect.poll(() => page.locator('#contract-number').textContent()).toBe(c.number);
        expect(await page.locator('body').textContent()).toContain('北京云杉科技有限公司');
        expect(await page.locator('body').textContent()).toContain('137****');
        // The draft is one tap away, through a document link signed for this contract only.
        expect(await page.locator('#draft-link').getAttribute('href')).toContain(`/documents/${c.id}/draft?`);
        await page.screenshot({ path: join(ARTIFACTS, '01-opened.png'), fullPage: true });

        await page.locator('#send-code').click();
        await page.locator('.ok[role=status]').waitFor();
        await settleFonts();
        const code = await codeIn(phone);
        await page.fill('#code', code);
        await page.check('#agree');
        await page.screenshot({ path: join(ARTIFACTS, '02-code-entered.png'), fullPage: true });
        await page.locator('#sign').click();
        await page.locator('#signed').waitFor();
        await settleFonts();
        expect(await page.locator('#signed').textContent()).toContain(c.number);
        await page.screenshot({ path: join(ARTIFACTS, '03-signed.png'), fullPage: true });

        await s.drain();
        const after = (await svc.getContract(s.db.ctx.db, c.accountId, c.id))!;
        expect(stateKey(after)).toBe('signing/vendor_signing');
        expect(await threadTexts(c.id)).toContain('客户已签署');

        // Back to the same link: used, and it says so.
        await page.goto(link);
        expect(await page.locator('#problem').textContent()).toContain('已使用');
      } finally {
        await browser.close();
        rmSync(userDir, { recursive: true, force: true });
      }
    });
  });

  describe('over HTTP', () => {
    it('refuses a tampered link and an expired one, in Chinese and in English', async () => {
      const { link } = await outsideSigner();
      const tampered = link.replace(/sig=(.)/, (_w, ch: string) => `sig=${ch === 'A' ? 'B' : 'A'}`);
      for (const [lang, words] of [
        ['zh', '签署链接无效或已过期'],
        ['en', 'invalid or has expired'],
      ] as const) {
        const r = await visit(tampered, lang);
        expect(r.status).toBe(403);
        expect(r.html).toContain(words);
        expect(r.html).not.toContain('HT-');
      }
      // Stretching the expiry breaks the signature too.
      const longer = link.replace(/exp=(\d+)/, (_w, e: string) => `exp=${Number(e) + 3600}`);
      expect((await visit(longer, 'en')).status).toBe(403);
      s.db.advance(25 * 3600_000);
      try {
        for (const lang of ['zh', 'en'] as const) {
          const r = await visit(link, lang);
          expect(r.status).toBe(403);
          expect(r.html).toContain(lang === 'zh' ? '已过期' : 'expired');
        }
      } finally {
        s.db.advance(-25 * 3600_000);
      }
    });

    it('counts wrong codes, locks the link after five, and never stores the code in clear', async () => {
      const { c, phone, link } = await outsideSigner();
      const v = await visit(link, 'en');
      expect(v.status).toBe(200);
      expect((await v.post('code', {})).status).toBe(303);
      const code = await codeIn(phone);
      const [row] = await s.db.ctx.db.select().from(signingLinks).where(eq(signingLinks.contractId, c.id));
      expect(row!.codeHash).not.toContain(code);
      expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
      const wrong = code === '000000' ? '111111' : '000000';

      const first = await v.post('sign', { code: wrong, agree: 'on' });
      expect(first.status).toBe(400);
      expect(await first.text()).toContain('Wrong code; 4 attempts left');
      const zh = await visit(link, 'zh');
      const second = await zh.post('sign', { code: wrong, agree: 'on' });
      expect(await second.text()).toContain('验证码不正确，还可尝试 3 次');
      for (let i = 0; i < 3; i++) await v.post('sign', { code: wrong, agree: 'on' });
      // Locked: even the right code no longer signs.
      const late = await v.post('sign', { code, agree: 'on' });
      expect(late.status).toBe(429);
      expect(await late.text()).toContain('locked');
      expect(stateKey((await svc.getContract(s.db.ctx.db, c.accountId, c.id))!)).toBe('signing/customer_signing');
    });

    it('signs once: a reused link says it was used; a resent SMS supersedes the old link; a cancelled signing ends it', async () => {
      const { a, c, phone, link } = await outsideSigner();
      // Resend: a new link and the old one says a newer SMS exists.
      s.db.advance(61_000);
      must(await svc.resend(s.db.ctx, a.requester, c.id));
      await s.drain();
      const newer = await linkIn(phone);
      expect(newer).not.toBe(link);
      for (const [lang, words] of [
        ['zh', '已发送新的签署短信'],
        ['en', 'newer signing SMS'],
      ] as const) {
        const old = await visit(link, lang);
        expect(old.status).toBe(410);
        expect(old.html).toContain(words);
      }

      const v = await visit(newer, 'zh');
      expect((await v.post('code', {})).status).toBe(303);
      // A second code at once is refused: codes are rate-limited.
      expect((await v.post('code', {})).status).toBe(429);
      const ok = await v.post('sign', { code: await codeIn(phone), agree: 'on' });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('已签署');
      for (const [lang, words] of [
        ['zh', '此签署链接已使用过'],
        ['en', 'already been used'],
      ] as const) {
        const again = await visit(newer, lang);
        expect(again.status).toBe(410);
        expect(again.html).toContain(words);
      }

      // Another contract, cancelled while its link is out.
      const other = await outsideSigner(await s.workspace());
      must(await svc.cancelSigning(s.db.ctx, other.a.requester, other.c.id));
      for (const [lang, words] of [
        ['zh', '当前不在待签署状态'],
        ['en', 'not waiting for your signature'],
      ] as const) {
        const r = await visit(other.link, lang);
        expect(r.status).toBe(409);
        expect(r.html).toContain(words);
      }
    });

    it("says how each signs (R7): the company's e-seal for an enterprise, a signature for a person; in both languages", async () => {
      const { link } = await outsideSigner();
      for (const [lang, words] of [
        ['zh', '以企业电子印章签署'],
        ['en', "sign it with the company's e-seal"],
      ] as const) {
        expect((await visit(link, lang)).html.replaceAll('&#39;', "'")).toContain(words);
      }
      const acc = await s.workspace({ subjectType: 'personal' });
      const a = actorsOf(acc);
      await effectiveFramework(s.db, acc);
      const c0 = await newContractIn(s.db, acc, { kind: 'order', channel: 'dual_seal', itemIds: eligibleOrders(acc).slice(0, 1) }, 'draft/confirming_signing');
      const phone = `1370000${String(++phoneSeq).padStart(4, '0')}`;
      must(await svc.confirmSigningInfo(s.db.ctx, a.requester, c0.id, { phone }));
      must(await svc.startSigning(s.db.ctx, a.requester, c0.id));
      await s.drain();
      const personal = await linkIn(phone);
      for (const [lang, words, not] of [
        ['zh', '以本人签名签署', '电子签章'],
        ['en', 'sign it with my signature', 'e-seal'],
      ] as const) {
        const html = (await visit(personal, lang)).html;
        expect(html).toContain(words);
        expect(html).not.toContain(not);
      }
    });

    it('a wrong code is told under the code field and keeps the tick; the done page names the vendor who seals next', async () => {
      const { phone, link } = await outsideSigner();
      for (const [lang, words] of [
        ['zh', '验证码不正确'],
        ['en', 'Wrong code'],
      ] as const) {
        const v = await visit(link, lang);
        if (lang === 'zh') expect((await v.post('code', {})).status).toBe(303);
        const code = await codeIn(phone);
        const wrong = await (await v.post('sign', { code: code === '000000' ? '111111' : '000000', agree: 'on' })).text();
        // The message sits right after the code field (before the tick), not above the page.
        const field = wrong.indexOf('id="code"');
        const error = wrong.indexOf(words);
        expect(field).toBeGreaterThan(0);
        expect(error).toBeGreaterThan(field);
        expect(error).toBeLessThan(wrong.indexOf('id="agree"'));
        expect(wrong).toMatch(/id="agree" required checked/);
      }
      const v = await visit(link, 'en');
      const done = await (await v.post('sign', { code: await codeIn(phone), agree: 'on' })).text();
      expect(done).toContain('once Tencent Cloud seals it');
      expect(done).not.toContain('the vendor');
    });

    it('refuses a post without the page token or from another site', async () => {
      const { link } = await outsideSigner();
      const v = await visit(link, 'en');
      expect((await v.post('code', { csrf: 'forged' })).status).toBe(403);
      expect((await v.post('code', {}, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await v.post('code', {}, { cookie: '' })).status).toBe(403);
      expect((await v.post('code', {})).status).toBe(303);
    });
  });
});
