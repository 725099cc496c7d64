// Issue 26 item 19: the pages this app serves outside Slack (the signing page, its error pages, the document links'
// refusal page) read in Chinese on a phone with no CJK font: every character is drawn from a font the page brings,
// never a box, from the first paint. Chromium on this machine has no CJK font; CDP says which font drew each node.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CDPSession, chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signers } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders, must, newContractIn } from '../helpers/flows.js';
import { useSlackApp } from '../helpers/slack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserAvailable = existsSync(CHROMIUM) || process.env.REQUIRE_BROWSER === '1';

/** The fonts Chromium drew a node's text with, and how many glyphs each: CSS.getPlatformFontsForNode. */
async function fontsOf(cdp: CDPSession, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts;
}

/** Every CJK character of the node drawn by the page's own font (no system font has them here: they would be boxes). */
async function expectCjkFromPageFont(page: Page, cdp: CDPSession, selector: string) {
  const text = (await page.locator(selector).first().textContent()) ?? '';
  const cjk = [...text].filter((ch) => /\p{Script=Han}/u.test(ch)).length;
  expect(cjk).toBeGreaterThan(0);
  const fonts = await fontsOf(cdp, selector);
  const custom = fonts.filter((f) => f.isCustomFont).reduce((n, f) => n + f.glyphCount, 0);
  expect({ selector, custom: custom >= cjk, fonts }).toMatchObject({ custom: true });
}

describe.skipIf(!browserAvailable)('the signing page and its error pages on a phone without CJK fonts', () => {
  const s = useSlackApp();

  it('draws Chinese with its own font from the first paint: the page, a refusal, a bad link, an expired document link', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    await effectiveFramework(s.db, acc);
    const [signer] = await s.db.ctx.db
      .insert(signers)
      .values({ accountId: acc.accountId, name: '赵外签', phone: '13700009999', slackUserId: null, status: 'authorised', requestedBy: 'U0ADMIN001' })
      .returning();
    const c0 = await newContractIn(s.db, acc, { kind: 'order', channel: 'dual_seal', itemIds: eligibleOrders(acc).slice(0, 1) }, 'draft/confirming_signing');
    must(await svc.confirmSigningInfo(s.db.ctx, a.requester, c0.id, { signerId: signer!.id }));
    must(await svc.startSigning(s.db.ctx, a.requester, c0.id));
    await s.drain();
    const sms = (await s.app.esign.smsTo('13700009999')).map((m) => m.text).find((t) => t.includes('/sign/'))!;
    const link = /(http:\/\/\S+\/sign\/\S+)/.exec(sms)![1]!;

    const userDir = mkdtempSync(join(tmpdir(), 'contract-desk-fonts-'));
    const browser = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'zh-CN',
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const cdp = await browser.newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const visit = async (url: string) => {
        await page.goto(url, { waitUntil: 'load' });
        await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
      };
      // The page in both languages: its title and the agreement.
      await visit(`${link}&lang=zh`);
      await expectCjkFromPageFont(page, cdp, 'h1');
      await expectCjkFromPageFont(page, cdp, 'label.check span');
      // In English, what is still Chinese (Party A's name, the way back to 中文) too.
      await visit(`${link}&lang=en`);
      await expectCjkFromPageFont(page, cdp, 'header a');
      // A link that does not open (tampered): its error page.
      await visit(`${link.replace(/sig=(.)/, (_w, ch: string) => `sig=${ch === 'A' ? 'B' : 'A'}`)}&lang=zh`);
      await expectCjkFromPageFont(page, cdp, '#problem');
      // An expired document link's page, bilingual.
      await visit(`${s.app.url}/documents/${c0.id}/draft?exp=1&sig=x`);
      await expectCjkFromPageFont(page, cdp, 'h1');
    } finally {
      await browser.close();
      rmSync(userDir, { recursive: true, force: true });
    }
  });
});
