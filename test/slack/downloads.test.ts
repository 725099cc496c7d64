// R16: Download wherever a contract is shown, a fresh link per click; an expired thread link says so and how to get
// a new one.
import { describe, expect, it } from 'vitest';
import type { EmuEphemeral } from '../../src/sandbox/emulator.js';
import { effectiveFramework } from '../helpers/flows.js';
import { pdfText } from '../helpers/poppler.js';
import { eventually, findButton, homeButton, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
const DAY = 24 * 3600 * 1000;
const linkIn = (text: string) => /<(http[^|>]+\/formal\?[^|>]+)\|/.exec(text)?.[1] ?? null;

/** Clicks Download in a /contract answer (an ephemeral message) and returns the answer with the new link. */
async function clickIn(user: string, answer: EmuEphemeral, contractId: string) {
  const message = { channel: answer.channel, ts: '1', text: answer.text, blocks: answer.blocks ?? [], edits: 0 };
  return nextEphemeral(s.emu, user, () => s.emu.clickAction(user, { message }, findButton(answer.blocks, 'doc:download', contractId)));
}

async function expectPdf(url: string | null) {
  expect(url).not.toBeNull();
  const res = await fetch(url!);
  expect(res.status).toBe(200);
  expect(
    Buffer.from(await res.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
}

describe('downloads after the thread link expired', () => {
  it('Home, /contract list and /contract show each mint a working link; the old one explains itself', async () => {
    const acc = await s.workspace();
    const f = await effectiveFramework(s.db, acc);
    await s.drain();
    const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(f.number))!;
    const old = linkIn(s.emu.thread('C0CONTRACTS', root.ts).find((m) => linkIn(m.text))!.text)!;
    await expectPdf(old);

    s.db.advance(8 * DAY);
    const refused = await fetch(old);
    expect(refused.status).toBe(403);
    const page = await refused.text();
    expect(page).not.toContain('%PDF');
    expect(page).toContain('链接已过期');
    expect(page).toContain('This link has expired');
    expect(page).toContain(`/contract show ${f.number}`);
    // A link we never signed names no contract.
    const forged = await fetch(old.replace(/sig=[^&]+/, 'sig=forged'));
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain(f.number);

    // Home
    const b = await homeButton(s.emu, U.requester, 'doc:download', f.id);
    const fromHome = await nextEphemeral(s.emu, U.requester, () => s.emu.clickAction(U.requester, { home: true }, b));
    expect(fromHome.text).toContain(f.number);
    await expectPdf(linkIn(fromHome.text));
    expect(linkIn(fromHome.text)).not.toBe(old);

    // /contract list
    const list = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'list'));
    await expectPdf(linkIn((await clickIn(U.requester, list, f.id)).text));

    // /contract show, by someone who is not the requester: no actions, still a download
    const shown = await nextEphemeral(s.emu, U.colleague, () => s.emu.command(U.colleague, `show ${f.number}`));
    expect(JSON.stringify(shown.blocks)).not.toContain('act:requestPaper');
    await expectPdf(linkIn((await clickIn(U.colleague, shown, f.id)).text));
  });
});

describe('合同模板 (Tencent’s filing and order guides)', () => {
  it('the first step links a sample PDF per kind, with placeholders where the customer’s data goes', async () => {
    await s.workspace();
    await s.emu.command(U.requester, 'new');
    const start = await eventually(() => s.emu.openView(U.requester), 'the first step');
    const links = [...JSON.stringify(start.view.blocks).matchAll(/<(http[^|>]+\/templates\/(\w+)\.pdf)\|/g)].map((m) => ({ url: m[1]!, kind: m[2]! }));
    expect(links.map((l) => l.kind)).toEqual(['framework', 'order', 'filing']); // the Tencent account's kinds (R1a)
    const order = links.find((l) => l.kind === 'order')!;
    const res = await fetch(order.url);
    expect(res.status).toBe(200);
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('订单合同');
    expect(text).toContain('甲方名称');
    expect((await fetch(order.url.replace('order.pdf', 'nothing.pdf'))).status).toBe(404);
  });

  it('a QingCloud account links its own kinds, worded by its vendor (R1a)', async () => {
    await s.workspace({ vendor: 'qingcloud' });
    await s.emu.closeView(U.requester);
    await s.emu.command(U.requester, 'new');
    const start = await eventually(() => s.emu.openView(U.requester), 'the first step');
    const links = [...JSON.stringify(start.view.blocks).matchAll(/<(http[^|>]+\/templates\/(\w+)\.pdf\?vendor=qingcloud)\|/g)].map((m) => ({
      url: m[1]!,
      kind: m[2]!,
    }));
    expect(links.map((l) => l.kind)).toEqual(['framework', 'consumption', 'recharge']);
    for (const l of links) {
      const text = pdfText(Buffer.from(await (await fetch(l.url)).arrayBuffer())).replace(/\s+/g, '');
      expect(text).toContain('北京青云科技股份有限公司');
      expect(text).not.toMatch(/腾讯|Tencent/i);
    }
  });
});
