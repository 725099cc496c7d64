// Clicks on the Home tab while Slack is down: the change commits (it does not depend on Slack), and the answer the
// person could not get then arrives when Slack is back: a DM with it, and their Home republished.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders, must, SYSTEM } from '../helpers/flows.js';
import { blocksText, eventually, homeButton, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

describe('a Slack outage during a click on the Home tab', () => {
  it('the void commits; on return the person gets the answer as a DM and a Home that shows it, and a refused click its reason', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    await effectiveFramework(s.db, acc);
    const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(acc).slice(0, 1) }));
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, c.id));
    await s.drain();
    const voidButton = await homeButton(s.emu, U.requester, 'act:void', c.id);
    const dm = s.emu.dmChannel(U.requester);
    const before = s.emu.messages(dm).length;

    s.emu.outageUntil = Date.now() + 60_000;
    await s.emu.clickAction(U.requester, { home: true }, voidButton);
    await eventually(async () => (await svc.getContract(s.db.ctx.db, acc.accountId, c.id))?.status === 'voided', 'the void to commit', 10_000);
    // The same (now stale) button again: refused, and that answer is queued too.
    await s.emu.clickAction(U.requester, { home: true }, voidButton);
    const queued = async () =>
      (
        await s.db.ctx.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.accountId, acc.accountId), eq(outbox.topic, 'click.answer')))
      ).length;
    await eventually(async () => (await queued()) === 2, 'both answers queued', 15_000);
    await s.drain();
    expect(s.emu.messages(dm).length).toBe(before);
    expect(s.emu.ephemeralsFor(U.requester).filter((e) => e.text.includes(c.number))).toEqual([]);

    s.emu.outageUntil = 0;
    s.db.advance(5 * 60_000);
    await s.drain();
    const answers = s.emu
      .messages(dm)
      .slice(before)
      .map((m) => m.text);
    expect(answers).toContain(`已完成：作废（${c.number}）`);
    expect(answers.some((t) => t.startsWith('⚠️'))).toBe(true);
    expect(blocksText(s.emu.homes.get(U.requester)?.blocks)).toContain('已作废');
  }, 30_000);
});
