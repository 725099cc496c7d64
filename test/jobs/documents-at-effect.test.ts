// Issue 26 item 3: a contract's formal document is issued once, at the moment the contract takes effect, with the
// trail up to that moment, and never changes: whatever moved it there (the poller's batch of e-sign outcomes, a
// QingCloud convert clicked in Slack) and however late it is first downloaded. /contract verify says when it was issued,
// in the asker's language.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts, documents, documentsDue } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import { localTime } from '../../src/domain/local-time.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { pdfText } from '../helpers/poppler.js';
import { homeButton, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
const MIN = 60_000;
const reload = async (id: string) => (await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;
const stored = async (id: string) =>
  (
    await s.db.ctx.db
      .select()
      .from(documents)
      .where(and(eq(documents.contractId, id), eq(documents.kind, 'formal')))
  )[0];
async function wait(ms: number) {
  s.db.advance(ms);
  await s.app.jobs!.runAll();
}
/** The PDF's 生成时间 line, and whether its audit page goes past the moment it took effect. */
const issuedLine = (text: string) => /生成时间 Issued：(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/.exec(text)?.[1];

describe('the formal document, issued when the contract takes effect', () => {
  it('Tencent Cloud through the poller: issued at once with the trail up to then; a paper copy later changes nothing', async () => {
    const acc = await s.workspace();
    await effectiveFramework(s.db, acc);
    const a = actorsOf(acc);
    const c0 = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await wait(0);
    await wait(4 * MIN);
    must(await svc.convert(s.db.ctx, a.requester, c0.id));
    await wait(0);
    // The vendor seals (~15 min); the poller applies it in its batch of e-sign outcomes.
    for (let i = 0; i < 10 && (await reload(c0.id)).status !== 'effective'; i++) await wait(4 * MIN);
    const c = await reload(c0.id);
    expect(stateKey(c)).toBe('effective/e_effective');
    const at = c.effectiveAt!;

    // Issued by the documents job right after, before anyone downloaded it, dated the moment it took effect.
    await s.app.jobs!.tick.documents();
    const doc = await stored(c.id);
    expect(doc?.createdAt.toISOString()).toBe(at.toISOString());
    expect(await s.db.ctx.db.select().from(documentsDue).where(eq(documentsDue.contractId, c.id))).toEqual([]);

    // 13 minutes later a paper copy is requested; the document is the same bytes, its trail stops at 已生效.
    await wait(13 * MIN);
    must(await svc.requestPaper(s.db.ctx, a.requester, c.id, { recipient: '张伟', phone: '13800138000', address: '北京市海淀区中关村大街 1 号' }));
    await wait(MIN);
    const later = (await svc.ensureDocument(s.db.ctx, c.id, 'formal'))!;
    expect(later.sha256).toBe(doc!.sha256);
    const text = pdfText(later.bytes);
    expect(issuedLine(text)).toBe(localTime(at, 'Asia/Shanghai', { seconds: true }));
    expect(text).not.toContain('申请纸质合同');

    // /contract verify names the moment it took effect, in Chinese and in English.
    for (const user of [U.requester, U.colleague]) {
      const answer = await nextEphemeral(s.emu, user, () => s.emu.command(user, `verify ${doc!.contentFingerprint!.slice(0, 12)}`));
      expect(answer.text).toContain(localTime(at, 'Asia/Shanghai'));
      expect(answer.text).toContain(user === U.requester ? '生成于' : 'issued');
    }
  });

  it('QingCloud, converted in Slack: a download 20 minutes later gets the document of the moment it took effect', async () => {
    const acc = await s.workspace({ vendor: 'qingcloud' });
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.colleague, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    const b = await homeButton(s.emu, U.colleague, 'act:convert', f.id);
    await nextEphemeral(s.emu, U.colleague, () => s.emu.clickAction(U.colleague, { home: true }, b));
    const c = await reload(f.id);
    expect(stateKey(c)).toBe('effective/e_effective');
    s.db.advance(20 * MIN);
    const shown = await nextEphemeral(s.emu, U.colleague, () => s.emu.command(U.colleague, `show ${c.number}`));
    const link = /<(http[^|>]+\/formal\?[^|>]+)\|/.exec(
      (
        await nextEphemeral(s.emu, U.colleague, () =>
          s.emu.clickAction(
            U.colleague,
            { message: { channel: shown.channel, ts: '1', text: shown.text, blocks: shown.blocks ?? [], edits: 0 } },
            { actionId: 'doc:download', value: `${c.id}:${c.version}` },
          ),
        )
      ).text,
    )![1]!;
    const text = pdfText(Buffer.from(await (await fetch(link)).arrayBuffer()));
    expect(issuedLine(text)).toBe(localTime(c.effectiveAt!, 'Asia/Shanghai', { seconds: true }));
    expect((await stored(c.id))!.createdAt.toISOString()).toBe(c.effectiveAt!.toISOString());
  });
});
