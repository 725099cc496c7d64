// The outbox against Slack as it really fails: answers lost after Slack saved the post (a 500, a timeout), a public
// channel the app was never invited to, a private one it cannot see, errors no retry can cure.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { sendReminders } from '../../src/jobs/reminders.js';
import { createLogger } from '../../src/log.js';
import { OutboxDispatcher } from '../../src/notify/dispatcher.js';
import * as svc from '../../src/services/index.js';
import { backgroundClientOptions, WorkspaceClients } from '../../src/slack/clients.js';
import { publishHomeTab } from '../../src/slack/home.js';
import { LocaleCache } from '../../src/slack/locale.js';
import { actorsOf, driveFrom, effectiveFramework, must, SYSTEM } from '../helpers/flows.js';
import { blocksText, eventually, findButton, lastDm, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
const MIN = 60_000;

/** Another dispatcher on the same database, with its own client options (a short timeout, PDF uploads). */
function dispatcher(o: { timeout?: number; uploadPdfs?: boolean } = {}) {
  const clients = new WorkspaceClients(s.app.tokens, backgroundClientOptions(s.emu.apiUrl, o.timeout ?? 20_000, s.app.gate));
  const locales = new LocaleCache();
  return new OutboxDispatcher({
    ctx: s.db.ctx,
    clientFor: clients.forAccount,
    locales,
    log: createLogger('silent'),
    documentUrl: () => 'http://x',
    uploadPdfs: o.uploadPdfs ?? false,
    publishHome: (client, account, userId) => publishHomeTab(s.db.ctx.db, client, locales, account, userId),
  });
}

const threadOf = (channel: string, number: string) => {
  const roots = s.emu.roots(channel).filter((m) => m.text.includes(number));
  expect(roots).toHaveLength(1);
  return s.emu.thread(channel, roots[0]!.ts);
};

describe('exactly once when Slack saved a post but its answer was lost', () => {
  it('a 500 after saving: the retry finds the post by its outbox id and does not post again (the app as wired)', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await s.drain();
    s.emu.lostAnswers.set('chat.postMessage', { mode: '500', times: 1, channel: 'C0CONTRACTS' });
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    await s.drain();
    s.db.advance(10_000);
    await s.drain();
    expect(threadOf('C0CONTRACTS', f.number).map((m) => m.text.split(' · ')[0])).toEqual(['*创建*', '*草稿已生成*']);
  });

  it('no answer at all: the post times out, and the retry finds it instead of posting the root twice', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const d = dispatcher({ timeout: 300 });
    s.emu.lostAnswers.set('chat.postMessage', { mode: 'hang', times: 1, channel: 'C0CONTRACTS' });
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await d.deliverDue();
    const [row] = await s.db.ctx.db.select().from(outbox).where(eq(outbox.contractId, f.id));
    expect(row!.deliveredAt).toBeNull();
    s.db.advance(10_000);
    await d.deliverDue();
    expect(threadOf('C0CONTRACTS', f.number)).toHaveLength(1);
    await d.close();
  });

  it('a DM whose answer was lost is not sent twice', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    must(await svc.saveSettingsKeepRoles(s.db.ctx, a.admin, acc.accountId, { approvalKinds: ['framework'] }));
    await s.drain();
    const before = s.emu.messages(s.emu.dmChannel(U.approver)).length;
    s.emu.lostAnswers.set('chat.postMessage', { mode: '500', times: 1, channel: s.emu.dmChannel(U.approver) });
    must(await svc.convert(s.db.ctx, a.requester, f.id));
    await s.drain();
    s.db.advance(10_000);
    await s.drain();
    expect(
      s.emu
        .messages(s.emu.dmChannel(U.approver))
        .slice(before)
        .filter((m) => m.text.includes(f.number)),
    ).toHaveLength(1);
  });

  it('a file upload whose answer was lost is not uploaded twice', async () => {
    const acc = await s.workspace();
    await s.drain();
    const d = dispatcher({ uploadPdfs: true });
    s.emu.lostAnswers.set('files.completeUploadExternal', { mode: '500', times: 1 });
    const f = await effectiveFramework(s.db, acc);
    await d.deliverDue();
    s.db.advance(10_000);
    await d.deliverDue();
    const files = threadOf('C0CONTRACTS', f.number).flatMap((m) => m.files ?? []);
    expect(files.map((x) => x.name)).toEqual([`${f.number} 合同草稿 PDF`, `${f.number} 正式合同 PDF`]);
    await d.close();
  });
});

describe('a notification channel the app was never invited to', () => {
  it('public: posts go out (chat:write.public) and a retry that must read the thread joins it first', async () => {
    const acc = await s.workspace({ notificationChannel: 'C0PUBLIC1' });
    s.emu.addChannel('C0PUBLIC1', { name: 'contracts-public' });
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await s.drain();
    expect(s.emu.isBotMember('C0PUBLIC1')).toBe(false);
    s.emu.lostAnswers.set('chat.postMessage', { mode: '500', times: 1, channel: 'C0PUBLIC1' });
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    await s.drain();
    s.db.advance(10_000);
    await s.drain();
    expect(s.emu.isBotMember('C0PUBLIC1')).toBe(true);
    expect(threadOf('C0PUBLIC1', f.number)).toHaveLength(2);
    const pending = await s.db.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.accountId, acc.accountId), eq(outbox.contractId, f.id)));
    expect(pending.every((r) => r.deliveredAt)).toBe(true);
  });

  it('private: the rows wait (never parked), the admins are told once in their language, others flow, Retry delivers each once', async () => {
    const acc = await s.workspace({ notificationChannel: 'C0SECRET1' });
    s.emu.addChannel('C0SECRET1', { name: 'contracts-secret', isPrivate: true });
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    const adminDms = () => s.emu.messages(s.emu.dmChannel(U.admin)).filter((m) => m.text.includes('C0SECRET1'));
    for (let i = 0; i < 8; i++) {
      await s.drain();
      s.db.advance(30 * MIN);
    }
    const rows = await s.db.ctx.db.select().from(outbox).where(eq(outbox.contractId, f.id)).orderBy(outbox.id);
    expect(rows.map((r) => [r.deliveredAt, r.parkedAt, r.lastError])).toEqual([
      [null, null, 'held: channel_not_found'],
      [null, null, null], // waits behind the first: a thread keeps its order
    ]);
    expect(adminDms()).toHaveLength(1);
    expect(adminDms()[0]!.text).toContain('/invite @contract-desk');
    // Another contract's DM (a signer to authorise, to the e-sign administrator) does not wait for the channel.
    must(await svc.setMemberRoles(s.db.ctx, a.admin, acc.accountId, { slackUserId: U.approver, isAdmin: false, isApprover: true, isEsignAdmin: true }));
    must(await svc.requestSigner(s.db.ctx, a.requester, { name: '钱七', phone: '13812340000', slackUserId: U.colleague }));
    await s.drain();
    expect(lastDm(s.emu, U.approver).text).toContain('钱七');
    // The admin invites the app and presses Retry: the thread appears with both posts, each once.
    s.emu.inviteBot('C0SECRET1');
    const dm = adminDms()[0]!;
    await s.emu.clickAction(U.admin, { message: dm }, findButton(dm.blocks, 'outbox:retry'));
    await eventually(() => s.emu.roots('C0SECRET1').some((m) => m.text.includes(f.number)), 'the thread after Retry');
    await s.drain();
    expect(threadOf('C0SECRET1', f.number).map((m) => m.text.split(' · ')[0])).toEqual(['*创建*', '*草稿已生成*']);
    expect(adminDms()).toHaveLength(1);
    expect(blocksText(dm.blocks)).toContain('outbox:retry');
  });

  it('a revoked token holds the rows instead of running out a backoff, and tells the admins what to fix', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    s.emu.failures.set('chat.postMessage', { error: 'token_revoked', times: 1 });
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await s.drain();
    const [row] = await s.db.ctx.db.select().from(outbox).where(eq(outbox.contractId, f.id));
    expect(row!.lastError).toBe('held: token_revoked');
    expect(lastDm(s.emu, U.admin).text).toContain('重新安装');
  });
});

describe('reminders are changes like any other', () => {
  it('a reminder writes its audit event with its outbox row, once per contract version', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await driveFrom(s.db, acc, f, 'draft/awaiting_approval');
    s.db.advance(25 * 60 * MIN);
    await sendReminders(s.db.ctx, createLogger('silent'));
    await sendReminders(s.db.ctx, createLogger('silent'));
    const trail = await svc.auditTrail(s.db.ctx.db, f.id);
    expect(trail.filter((e) => e.action === 'reminderSent').map((e) => e.detail)).toEqual([{ kind: 'approvers' }]);
    const rows = await s.db.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.contractId, f.id), eq(outbox.topic, 'reminder.approvers')));
    expect(rows).toHaveLength(1);
  });
});
