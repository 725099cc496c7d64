// The only code that posts status updates to Slack: it reads the outbox, in order, and marks each row delivered.
import type { WebClient } from '@slack/web-api';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { accounts, type AccountRow, approvalMessages, type ContractRow, contracts, contractThreads, members, outbox, signers } from '../db/schema.js';
import type { State } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { itemsOf } from '../services/queries.js';
import { escapeMrkdwn, type Locale, t } from '../slack/i18n.js';
import type { LocaleCache } from '../slack/locale.js';
import { actions, button, context, section } from '../slack/views/blocks.js';
import { approvalMessage, contractSummary, signRequestMessage, threadRootText, transitionText } from '../slack/views/contract.js';

type Row = typeof outbox.$inferSelect;

export interface NotifierDeps {
  ctx: Ctx;
  /** Link to a contract's document, posted in the thread when a draft is ready and when it becomes effective. */
  documentUrl: (contractId: string, kind: 'draft' | 'formal') => string;
  client: WebClient;
  locales: LocaleCache;
  log: Logger;
}

export class Notifier {
  private running: Promise<number> = Promise.resolve(0);

  constructor(private readonly d: NotifierDeps) {}

  /** Delivers everything pending; calls made while a drain runs wait for it and then drain again. */
  drain(): Promise<number> {
    this.running = this.running.catch(() => 0).then(() => this.drainOnce());
    return this.running;
  }

  /** Resolves when no drain is running (shutdown waits for it before closing the database). */
  async idle(): Promise<void> {
    for (let last: Promise<number> | null = null; last !== this.running; ) {
      last = this.running;
      await last.catch(() => 0);
    }
  }

  private async drainOnce(): Promise<number> {
    const db = this.d.ctx.db;
    let delivered = 0;
    for (;;) {
      const rows = await db.select().from(outbox).where(and(isNull(outbox.deliveredAt), isNull(outbox.parkedAt))).orderBy(asc(outbox.id)).limit(50);
      if (!rows.length) return delivered;
      for (const row of rows) {
        try {
          await this.deliver(row);
          await db.update(outbox).set({ deliveredAt: this.d.ctx.clock(), attempts: row.attempts + 1 }).where(eq(outbox.id, row.id));
          delivered += 1;
        } catch (e) {
          // The jobs issue adds backoff and Retry-After; until then a failing row waits for the next drain.
          this.d.log.warn({ err: e, outbox: row.id, topic: row.topic }, 'notification not delivered');
          await db.update(outbox).set({ attempts: row.attempts + 1, lastError: String((e as Error).message ?? e) }).where(eq(outbox.id, row.id));
          return delivered;
        }
      }
    }
  }

  private async account(id: string): Promise<AccountRow> {
    const [a] = await this.d.ctx.db.select().from(accounts).where(eq(accounts.id, id));
    return a!;
  }

  private async contract(id: string | null): Promise<ContractRow | null> {
    if (!id) return null;
    const [c] = await this.d.ctx.db.select().from(contracts).where(eq(contracts.id, id));
    return c ?? null;
  }

  private async dm(userId: string): Promise<string> {
    const r = await this.d.client.conversations.open({ users: userId });
    return r.channel!.id!;
  }

  private lang(a: AccountRow): Locale {
    return a.language === 'en' ? 'en' : 'zh';
  }

  private async deliver(row: Row): Promise<void> {
    const account = await this.account(row.accountId);
    const c = await this.contract(row.contractId);
    const p = row.payload;
    switch (row.topic) {
      case 'contract.changed':
      case 'contract.expired':
        if (c) await this.threadReply(account, c, row);
        if (c && (p.action === 'approve' || p.action === 'reject')) await this.closeApprovals(c, p);
        return;
      case 'approval.requested':
        if (c) await this.askApprovers(account, c);
        return;
      case 'signing.sms':
        if (c) await this.askSigner(account, c);
        return;
      case 'signer.requested':
        await this.askSignerAuthorisation(account, p);
        return;
      case 'signer.decided': {
        const l = await this.d.locales.get(this.d.client, String(p.requestedBy), this.lang(account));
        const text = p.decision === 'authorise' ? t('signerAuthorised', l, { who: escapeMrkdwn(String(p.name)) }) : t('signerRejected', l, { who: escapeMrkdwn(String(p.name)) });
        await this.d.client.chat.postMessage({ channel: await this.dm(String(p.requestedBy)), text: `${escapeMrkdwn(String(p.name))}: ${text}` });
        return;
      }
      default:
        if (account.notificationChannel) await this.d.client.chat.postMessage({ channel: account.notificationChannel, text: `${row.topic}: ${escapeMrkdwn(JSON.stringify(p))}` });
    }
  }

  /** The contract's thread: created on first use, its root kept current, one reply per change. */
  private async threadReply(account: AccountRow, c: ContractRow, row: Row): Promise<void> {
    const l = this.lang(account);
    const db = this.d.ctx.db;
    const view = { contract: c, items: await itemsOf(db, c.id) };
    let [thread] = await db.select().from(contractThreads).where(eq(contractThreads.contractId, c.id));
    if (!thread) {
      const channel = account.notificationChannel ?? (await this.dm(c.requesterId));
      const root = await this.d.client.chat.postMessage({ channel, text: threadRootText(c, l), blocks: contractSummary(view, l) });
      [thread] = await db.insert(contractThreads).values({ contractId: c.id, channel: root.channel!, rootTs: root.ts! }).onConflictDoNothing().returning();
      thread ??= (await db.select().from(contractThreads).where(eq(contractThreads.contractId, c.id)))[0]!;
    } else {
      await this.d.client.chat.update({ channel: thread.channel, ts: thread.rootTs, text: threadRootText(c, l), blocks: contractSummary(view, l) });
    }
    const p = row.payload;
    const text =
      row.topic === 'contract.expired'
        ? l === 'zh' ? `⏰ 备案合同 ${c.number} 已到期，其中的备案号可重新选择` : `⏰ Filing contract ${c.number} expired; its filing numbers can be chosen again`
        : transitionText({ number: c.number, action: String(p.action), actor: String(p.actor), from: (p.from as State | null) ?? null, to: p.to as State, detail: p.detail as Record<string, unknown> }, l);
    await this.d.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.rootTs, text: text + this.documentLine(c, p.to as State | undefined, l) });
  }

  private documentLine(c: ContractRow, to: State | undefined, l: Locale): string {
    if (to?.subStatus === 'draft_ready' || to?.subStatus === 'confirming_text') {
      return `\n📄 <${this.d.documentUrl(c.id, 'draft')}|${t('draftLink', l)}>`;
    }
    if (to?.subStatus === 'e_effective') return `\n📄 <${this.d.documentUrl(c.id, 'formal')}|${t('formalLink', l)}>`;
    return '';
  }

  private async approvers(accountId: string, except: string): Promise<string[]> {
    const rows = await this.d.ctx.db.select({ id: members.slackUserId }).from(members).where(and(eq(members.accountId, accountId), eq(members.isApprover, true)));
    return rows.map((r) => r.id).filter((id) => id !== except);
  }

  private async askApprovers(account: AccountRow, c: ContractRow): Promise<void> {
    for (const approver of await this.approvers(account.id, c.requesterId)) {
      const l = await this.d.locales.get(this.d.client, approver, this.lang(account));
      const r = await this.d.client.chat.postMessage({ channel: await this.dm(approver), text: t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: c.kind, number: c.number }), blocks: approvalMessage(c, l) });
      await this.d.ctx.db.insert(approvalMessages).values({ contractId: c.id, approverId: approver, channel: r.channel!, ts: r.ts! });
    }
  }

  /** Once someone decided, every approver's copy shows the outcome and loses its buttons. */
  private async closeApprovals(c: ContractRow, p: Record<string, unknown>): Promise<void> {
    const detail = (p.detail ?? {}) as { decidedBy?: string; reason?: string };
    const account = await this.account(c.accountId);
    const msgs = await this.d.ctx.db.select().from(approvalMessages).where(eq(approvalMessages.contractId, c.id));
    for (const m of msgs) {
      const l = await this.d.locales.get(this.d.client, m.approverId, this.lang(account));
      await this.d.client.chat.update({
        channel: m.channel,
        ts: m.ts,
        text: c.number,
        blocks: approvalMessage(c, l, { approved: p.action === 'approve', by: detail.decidedBy ?? String(p.actor), reason: detail.reason ?? null }),
      });
    }
    await this.d.ctx.db.delete(approvalMessages).where(eq(approvalMessages.contractId, c.id));
  }

  private async askSigner(account: AccountRow, c: ContractRow): Promise<void> {
    let userId = c.requesterId;
    if (c.signerId) {
      const [s] = await this.d.ctx.db.select().from(signers).where(eq(signers.id, c.signerId));
      userId = s?.slackUserId ?? c.requesterId;
    }
    const l = await this.d.locales.get(this.d.client, userId, this.lang(account));
    await this.d.client.chat.postMessage({ channel: await this.dm(userId), text: t('signRequest', l, { number: c.number, kind: c.kind, partyA: c.partyA?.name ?? '', total: String(c.totalCents) }), blocks: signRequestMessage(c, l) });
  }

  private async askSignerAuthorisation(account: AccountRow, p: Record<string, unknown>): Promise<void> {
    const [s] = await this.d.ctx.db.select().from(signers).where(eq(signers.id, String(p.signerId)));
    if (!s || s.status !== 'pending') return;
    for (const approver of await this.approvers(account.id, s.requestedBy)) {
      const l = await this.d.locales.get(this.d.client, approver, this.lang(account));
      const text = t('signerAuthRequest', l, { requester: `<@${s.requestedBy}>`, name: escapeMrkdwn(s.name), phone: s.phone });
      const r = await this.d.client.chat.postMessage({
        channel: await this.dm(approver),
        text,
        blocks: [section(text), actions(`signer:${s.id}`, [button(t('authorise', l), 'signer:authorise', s.id, { style: 'primary' }), button(t('reject', l), 'signer:reject', s.id, { style: 'danger' })]), context('R8')],
      });
      await this.d.ctx.db.insert(approvalMessages).values({ signerId: s.id, approverId: approver, channel: r.channel!, ts: r.ts! });
    }
  }
}
