// Every outbox topic has a handler and words: each is delivered, in Chinese and in English, and what people read in
// `text` (push notifications, screen readers, search) carries labels and yuan, never a kind key, fen or raw JSON.
import { and, desc, eq, gt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts, outbox, signers } from '../../src/db/schema.js';
import { tencentProblemMessage } from '../../src/domain/import-tencent.js';
import { formatCents, KIND_LABEL } from '../../src/domain/labels.js';
import { type Notice, type PayloadOf, type Topic, TOPICS } from '../../src/domain/notices.js';
import * as svc from '../../src/services/index.js';
import { writeNotices } from '../../src/services/trail.js';
import { actorsOf, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { blocksText, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

/** A kind's key where a label belongs ("order" alone, not "order contract"; "filing numbers" is a phrase of its own). */
const RAW_KIND = /\b(framework|order|filing|consumption|recharge)\b(?! contract| number)/;

type Calls = { method: string; args: Record<string, unknown> }[];
const posted = (calls: Calls) => calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');

async function everyTopicOnce(language: 'zh' | 'en') {
  const acc = await s.workspace();
  const a = actorsOf(acc);
  must(await svc.saveSettingsKeepRoles(s.db.ctx, a.admin, acc.accountId, { language }));
  await effectiveFramework(s.db, acc);
  const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(acc).slice(0, 3) }));
  // An amount whose fen and yuan spellings cannot be confused: 1805290 fen is ¥18,052.90.
  await s.db.ctx.db.update(contracts).set({ totalCents: 1_805_290 }).where(eq(contracts.id, c.id));
  const signer = must(await svc.requestSigner(s.db.ctx, a.requester, { name: '钱七', phone: '13812340000', slackUserId: U.colleague }));
  await s.drain();
  const samples: { [T in Topic]: PayloadOf<T> } = {
    'contract.changed': {
      number: c.number,
      kind: 'order',
      channel: 'vendor_seal',
      action: 'draftGenerated',
      actor: 'system:esign',
      from: { status: 'draft', subStatus: 'draft_generating' },
      to: { status: 'draft', subStatus: 'draft_ready' },
      version: 2,
      detail: {},
    },
    'contract.expired': { number: c.number, kind: 'order', version: 3 },
    'contract.stale': { number: c.number, reason: 'the e-sign service did not answer', state: { status: 'draft', subStatus: 'draft_generating' } },
    'approval.requested': { number: c.number, kind: 'order', totalCents: 1_805_290, requesterId: U.requester, version: 2 },
    'signing.sms': { number: c.number, signerId: null, signerName: null, phone: null },
    'signer.requested': { signerId: signer.id, name: '钱七', requestedBy: U.requester },
    'signer.decided': { signerId: signer.id, name: '钱七', decision: 'authorise', requestedBy: U.requester },
    'account.subjectChanged': { from: '北京云杉科技有限公司', to: '北京云杉智能科技有限公司' },
    'roles.emptied': { userId: U.approver2, name: '赵敏', roles: ['approver', 'esignAdmin'], fallback: [] },
    'reminder.signer': { number: c.number, signerId: null },
    'reminder.requester': { number: c.number, requesterId: U.requester },
    'reminder.approvers': { number: c.number },
    'reminder.filingExpiry': { number: c.number, expiresAt: '2027-01-31T00:00:00.000Z' },
    'delivery.held': { error: 'not_in_channel', channel: 'C0CONTRACTS' },
    'click.answer': { userId: U.requester, text: { zh: '已完成：作废（HT-1）', en: 'Done: void (HT-1)' } },
    'tencent.syncFailed': {
      code: 'AuthFailure.SignatureFailure',
      message: tencentProblemMessage('AuthFailure.SignatureFailure', ''),
      at: '2026-11-23T19:17:00.000Z',
    },
  };
  const notices = TOPICS.map((topic) => ({ topic, payload: samples[topic] }) as Notice);
  const from = s.emu.calls.length;
  const [last] = await s.db.ctx.db.select({ id: outbox.id }).from(outbox).orderBy(desc(outbox.id)).limit(1);
  await writeNotices(
    s.db.ctx.db,
    acc.accountId,
    null,
    notices.filter(
      (n) =>
        n.topic === 'delivery.held' ||
        n.topic === 'click.answer' ||
        n.topic === 'tencent.syncFailed' ||
        n.topic.startsWith('account.') ||
        n.topic.startsWith('signer.') ||
        n.topic.startsWith('roles.'),
    ),
    s.db.now,
  );
  await writeNotices(
    s.db.ctx.db,
    acc.accountId,
    c.id,
    notices.filter(
      (n) =>
        !['delivery.held', 'click.answer', 'account.subjectChanged', 'signer.requested', 'signer.decided', 'roles.emptied', 'tencent.syncFailed'].includes(
          n.topic,
        ),
    ),
    s.db.now,
  );
  for (let i = 0; i < notices.length; i++) await s.drain(); // one row per contract at a time, in order
  const rows = await s.db.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.accountId, acc.accountId), gt(outbox.id, last?.id ?? 0)))
    .orderBy(outbox.id);
  return { c, rows, calls: s.emu.calls.slice(from) };
}

describe('every topic, in both languages', () => {
  for (const language of ['zh', 'en'] as const) {
    it(`is delivered with words people read (${language})`, async () => {
      const { c, rows, calls } = await everyTopicOnce(language);
      const byTopic = new Map(rows.map((r) => [r.topic, r]));
      expect([...byTopic.keys()].sort()).toEqual([...TOPICS].sort());
      for (const row of byTopic.values()) {
        expect(row.deliveredAt, `${row.topic}: ${row.lastError}`).not.toBeNull();
        const own = posted(calls).filter(
          (x) =>
            x.method === 'chat.postMessage' && (x.args.metadata as { event_payload?: { outbox_id?: number } } | undefined)?.event_payload?.outbox_id === row.id,
        );
        expect(own.length, `a message for ${row.topic}`).toBeGreaterThan(0);
      }
      const texts = posted(calls).map((x) => String(x.args.text ?? ''));
      expect(texts.length).toBeGreaterThan(TOPICS.length);
      for (const text of texts) {
        expect(text, 'no raw JSON').not.toMatch(/\{"/);
        expect(text, 'no kind key').not.toMatch(RAW_KIND);
        expect(text, 'no amount in fen').not.toContain('1805290');
      }
      // The approver's DM says in its text what its blocks say: the kind's label and the amount in yuan.
      const asks = calls.filter((x) => x.method === 'chat.postMessage' && blocksText(x.args.blocks).includes('approval:approve'));
      expect(asks.length).toBe(2); // 刘洋 reads English, 赵敏 Chinese
      for (const ask of asks) {
        const label = blocksText(ask.args.blocks).includes(KIND_LABEL.order.zh) ? KIND_LABEL.order.zh : KIND_LABEL.order.en;
        expect(String(ask.args.text)).toContain(label);
      }
      const sign = calls.find((x) => String(x.args.text ?? '').startsWith('📱'))!;
      expect(String(sign.args.text)).toContain(formatCents(1_805_290));
      expect(blocksText(sign.args.blocks)).toContain(formatCents(1_805_290));
      expect(c.number).toMatch(/^HT-/);
    });
  }
});

describe('who signs is decided once', () => {
  it('a signer with no Slack user: the requester is told where the SMS went, and gets no Sign button the click would refuse', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    await effectiveFramework(s.db, acc, 'dual_seal');
    await s.db.ctx.db.update(signers).set({ slackUserId: null }).where(eq(signers.id, acc.signers!.authorised));
    const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'dual_seal', itemIds: eligibleOrders(acc).slice(0, 1) }));
    must(await svc.fillPartyA(s.db.ctx, a.requester, c.id, {}));
    must(await svc.draftGenerated(s.db.ctx, a.system, c.id));
    must(await svc.confirmText(s.db.ctx, a.requester, c.id));
    must(await svc.confirmSigningInfo(s.db.ctx, a.requester, c.id, { signerId: acc.signers!.authorised }));
    must(await svc.startSigning(s.db.ctx, a.requester, c.id));
    for (let i = 0; i < 8; i++) await s.drain();
    // The last DM about this contract (the framework's own updates reach the requester too).
    const dm = s.emu
      .messages(s.emu.dmChannel(U.requester))
      .filter((m) => m.text.includes(c.number))
      .at(-1)!;
    expect(dm.text).toContain('没有关联 Slack 账号');
    expect(blocksText(dm.blocks)).not.toContain('esign:sign');
  });
});
