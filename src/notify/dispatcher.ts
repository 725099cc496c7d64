// The only code that posts status updates to Slack: it reads the outbox, in order, and marks each row delivered.
import type { WebClient } from '@slack/web-api';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { claimOutbox } from '../jobs/claims.js';
import { accounts, type AccountRow, approvalMessages, type ContractRow, contracts, contractThreads, members, outbox, signers } from '../db/schema.js';
import type { State } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { ensureDocument } from '../services/documents.js';
import { itemsOf } from '../services/queries.js';
import { publishHomeTab } from '../slack/home.js';
import { escapeMrkdwn, type Locale, t } from '../slack/i18n.js';
import type { LocaleCache } from '../slack/locale.js';
import { actions, button, context, section } from '../slack/views/blocks.js';
import { approvalMessage, contractSummary, signRequestMessage, threadRootText, transitionText } from '../slack/views/contract.js';

type Row = typeof outbox.$inferSelect;
type Metadata = { event_type?: string; event_payload?: Record<string, unknown> };

const OUTBOX_EVENT = 'contract_desk_outbox';
const THREAD_EVENT = 'contract_desk_thread';
const LEASE_MS = 60_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;
/** About an hour and a half of retries, then the row is parked (kept, visible on /healthz) instead of retried forever. */
export const MAX_ATTEMPTS = 12;

export interface NotifierDeps {
  ctx: Ctx;
  /** Also upload the PDF into the thread (filesUploadV2) when a draft is ready and when the contract is effective. */
  uploadPdfs?: boolean;
  /** Link to a contract's document, posted in the thread when a draft is ready and when it becomes effective. */
  documentUrl: (contractId: string, kind: 'draft' | 'formal') => string;
  client: WebClient;
  locales: LocaleCache;
  log: Logger;
}

/** The moments a document is announced: the draft once generated, the formal version once effective. */
function documentKindAt(to: State | undefined): 'draft' | 'formal' | null {
  if (to?.subStatus === 'draft_ready' || to?.subStatus === 'confirming_text') return 'draft';
  if (to?.subStatus === 'e_effective') return 'formal';
  return null;
}

export class Notifier {
  private running: Promise<number> = Promise.resolve(0);

  constructor(private readonly d: NotifierDeps) {}

  private closed = false;

  /**
   * Delivers everything due; calls made while a drain runs wait for it and then drain again. Never rejects: callers
   * fire it and forget it after a Slack action, and a failure is logged and retried by the next drain.
   */
  drain(): Promise<number> {
    this.running = this.running
      .then(() => (this.closed ? 0 : this.drainOnce()))
      .catch((e: unknown) => {
        this.d.log.error({ err: e }, 'outbox drain failed');
        return 0;
      });
    return this.running;
  }

  /** No drain starts after this; resolves when the running one is done (shutdown, before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  /** Resolves when no drain is running. */
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
      const now = this.d.ctx.clock();
      const ids = await claimOutbox(db, now, new Date(now.getTime() + LEASE_MS), 20);
      if (!ids.length) {
        if (delivered) this.d.log.info({ delivered }, 'outbox delivered');
        await this.refreshHomes();
        return delivered;
      }
      const rows = await db.select().from(outbox).where(inArray(outbox.id, ids)).orderBy(asc(outbox.id));
      for (const row of rows) if (await this.attempt(row)) delivered += 1;
      // A batch can move many contracts of one person: their Home tab is published once per batch, not per row.
      await this.refreshHomes();
    }
  }

  /** One delivery attempt: delivered, or rescheduled with backoff (Retry-After on 429), or parked for good. */
  private async attempt(row: Row): Promise<boolean> {
    const db = this.d.ctx.db;
    try {
      await this.deliver(row);
      await db.update(outbox).set({ deliveredAt: this.d.ctx.clock(), claimedUntil: null, lastError: null }).where(eq(outbox.id, row.id));
      return true;
    } catch (e) {
      const now = this.d.ctx.clock();
      const err = e as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
      const retryAfterMs = typeof err.retryAfter === 'number' ? err.retryAfter * 1000 : null;
      const backoff = retryAfterMs ?? Math.min(BACKOFF_BASE_MS * 2 ** (row.attempts - 1), BACKOFF_MAX_MS);
      const park = row.attempts >= MAX_ATTEMPTS;
      const why = `${err.code ?? 'error'}: ${err.data?.error ?? err.message ?? String(e)}`.slice(0, 500);
      this.d.log.warn({ outbox: row.id, topic: row.topic, attempts: row.attempts, park, why }, park ? 'notification parked' : 'notification failed, will retry');
      await db
        .update(outbox)
        .set({ claimedUntil: null, lastError: why, nextAttemptAt: new Date(now.getTime() + backoff), ...(park ? { parkedAt: now } : {}) })
        .where(eq(outbox.id, row.id));
      return false;
    }
  }

  /**
   * Posts with the outbox row's id in the message metadata. A row tried before may have been posted by a replica
   * that died before recording it: look for it first, so nothing is posted twice.
   */
  private async post(row: Row, args: { channel: string; text: string; thread_ts?: string; blocks?: unknown[] }): Promise<{ channel: string; ts: string }> {
    if (row.attempts > 1) {
      const found = await this.findPosted(row, args.channel, args.thread_ts, (m) => m?.event_type === OUTBOX_EVENT && Number(m.event_payload?.outbox_id) === row.id);
      if (found) return { channel: args.channel, ts: found };
    }
    const r = await this.d.client.chat.postMessage({
      ...(args as { channel: string; text: string }),
      metadata: { event_type: OUTBOX_EVENT, event_payload: { outbox_id: row.id } },
    } as never);
    return { channel: r.channel!, ts: r.ts! };
  }

  /**
   * A post an earlier attempt made before it died, found by the metadata it carries. Reads every page back to the
   * row's creation (minus five minutes for clock skew): a busy channel has far more than one page of roots since.
   */
  private async findPosted(row: Row, channel: string, threadTs: string | undefined, match: (m: Metadata | undefined) => boolean): Promise<string | null> {
    // Never later than the wall clock: the row's time comes from the services' clock, which tests move ahead.
    const oldest = String(Math.floor(Math.min(new Date(row.createdAt).getTime(), Date.now()) / 1000) - 300);
    let cursor: string | undefined;
    do {
      const r = threadTs
        ? await this.d.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) })
        : await this.d.client.conversations.history({ channel, include_all_metadata: true, limit: 200, oldest, ...(cursor ? { cursor } : {}) });
      const hit = (r.messages ?? []).find((m) => match((m as { metadata?: Metadata }).metadata));
      if (hit?.ts) return hit.ts;
      cursor = r.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
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
        if (c) this.homesDue.set(c.requesterId, account);
        return;
      case 'approval.requested':
        if (c) await this.askApprovers(row, account, c);
        return;
      case 'signing.sms':
        if (c) await this.askSigner(row, account, c);
        return;
      case 'signer.requested':
        await this.askSignerAuthorisation(account, p);
        return;
      case 'signer.decided': {
        const l = await this.d.locales.get(this.d.client, String(p.requestedBy), this.lang(account));
        const text = p.decision === 'authorise' ? t('signerAuthorised', l, { who: escapeMrkdwn(String(p.name)) }) : t('signerRejected', l, { who: escapeMrkdwn(String(p.name)) });
        await this.post(row, { channel: await this.dm(String(p.requestedBy)), text: `${escapeMrkdwn(String(p.name))}: ${text}` });
        return;
      }
      case 'contract.stale':
        if (c) {
          await this.threadReply(account, c, row);
          const l = await this.d.locales.get(this.d.client, c.requesterId, this.lang(account));
          await this.post(row, { channel: await this.dm(c.requesterId), text: t('staleDm', l, { number: c.number, reason: escapeMrkdwn(String(p.reason)) }) });
        }
        return;
      case 'reminder.signer':
      case 'reminder.requester':
      case 'reminder.approvers':
      case 'reminder.filingExpiry':
        if (c) await this.remind(row, account, c);
        return;
      default:
        if (account.notificationChannel) await this.d.client.chat.postMessage({ channel: account.notificationChannel, text: `${row.topic}: ${escapeMrkdwn(JSON.stringify(p))}` });
    }
  }

  /** People whose contracts moved in this batch, with their account. */
  private homesDue = new Map<string, AccountRow>();

  /**
   * The requester's Home tab shows the next step as soon as the contract moves, even when the system moved it.
   * Best effort: the thread reply is what must arrive; a stale Home is corrected when the tab is next opened.
   */
  private async refreshHomes(): Promise<void> {
    const due = [...this.homesDue];
    this.homesDue.clear();
    for (const [userId, account] of due) {
      try {
        await publishHomeTab(this.d.ctx.db, this.d.client, this.d.locales, account, userId);
      } catch (e) {
        this.d.log.warn({ err: e, user: userId }, 'home tab not refreshed');
      }
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
      // A root posted by an attempt that died before recording it is found by its metadata, not posted again.
      let rootTs = row.attempts > 1 ? await this.findPosted(row, channel, undefined, (m) => m?.event_type === THREAD_EVENT && m.event_payload?.contract_id === c.id) : null;
      if (!rootTs) {
        const root = await this.d.client.chat.postMessage({
          channel,
          text: threadRootText(c, l),
          blocks: contractSummary(view, l) as never,
          metadata: { event_type: THREAD_EVENT, event_payload: { contract_id: c.id } },
        } as never);
        rootTs = root.ts!;
      }
      [thread] = await db.insert(contractThreads).values({ contractId: c.id, channel, rootTs }).onConflictDoNothing().returning();
      thread ??= (await db.select().from(contractThreads).where(eq(contractThreads.contractId, c.id)))[0]!;
    } else {
      await this.d.client.chat.update({ channel: thread.channel, ts: thread.rootTs, text: threadRootText(c, l), blocks: contractSummary(view, l) as never });
    }
    const p = row.payload;
    const text =
      row.topic === 'contract.stale'
        ? t('staleThread', l, { reason: escapeMrkdwn(String(p.reason)) })
        : row.topic === 'contract.expired'
        ? l === 'zh' ? `⏰ 备案合同 ${c.number} 已到期，其中的备案号可重新选择` : `⏰ Filing contract ${c.number} expired; its filing numbers can be chosen again`
        : transitionText({ number: c.number, action: String(p.action), actor: String(p.actor), from: (p.from as State | null) ?? null, to: p.to as State, detail: p.detail as Record<string, unknown> }, l);
    const to = p.to as State | undefined;
    await this.post(row, { channel: thread.channel, thread_ts: thread.rootTs, text: text + this.documentLine(c, to, l) });
    const kind = row.topic === 'contract.changed' ? documentKindAt(to) : null;
    if (kind && this.d.uploadPdfs) {
      const doc = await ensureDocument(this.d.ctx, c.id, kind);
      if (doc) {
        await this.d.client.filesUploadV2({
          channel_id: thread.channel,
          thread_ts: thread.rootTs,
          file: Buffer.from(doc.bytes),
          filename: `${c.number}-${kind}.pdf`,
          title: `${c.number} ${t(kind === 'draft' ? 'draftLink' : 'formalLink', l)}`,
        });
      }
    }
  }

  private documentLine(c: ContractRow, to: State | undefined, l: Locale): string {
    const kind = documentKindAt(to);
    return kind ? `\n📄 <${this.d.documentUrl(c.id, kind)}|${t(kind === 'draft' ? 'draftLink' : 'formalLink', l)}>` : '';
  }

  private async approvers(accountId: string, except: string): Promise<string[]> {
    const rows = await this.d.ctx.db.select({ id: members.slackUserId }).from(members).where(and(eq(members.accountId, accountId), eq(members.isApprover, true)));
    return rows.map((r) => r.id).filter((id) => id !== except);
  }

  private async askApprovers(row: Row, account: AccountRow, c: ContractRow): Promise<void> {
    for (const approver of await this.approvers(account.id, c.requesterId)) {
      const l = await this.d.locales.get(this.d.client, approver, this.lang(account));
      const r = await this.post(row, { channel: await this.dm(approver), text: t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: c.kind, number: c.number }), blocks: approvalMessage(c, l) });
      await this.d.ctx.db.insert(approvalMessages).values({ contractId: c.id, approverId: approver, channel: r.channel, ts: r.ts });
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

  /** Who receives the signing messages: the signer's Slack user, or the person for a personal account. */
  private async signerUser(c: ContractRow): Promise<string> {
    if (!c.signerId) return c.requesterId;
    const [s] = await this.d.ctx.db.select().from(signers).where(eq(signers.id, c.signerId));
    return s?.slackUserId ?? c.requesterId;
  }

  private async askSigner(row: Row, account: AccountRow, c: ContractRow): Promise<void> {
    const userId = await this.signerUser(c);
    const l = await this.d.locales.get(this.d.client, userId, this.lang(account));
    await this.post(row, { channel: await this.dm(userId), text: t('signRequest', l, { number: c.number, kind: c.kind, partyA: c.partyA?.name ?? '', total: String(c.totalCents) }), blocks: signRequestMessage(c, l) });
  }

  private async remind(row: Row, account: AccountRow, c: ContractRow): Promise<void> {
    const kind = row.topic.slice('reminder.'.length);
    const recipients =
      kind === 'signer' ? [await this.signerUser(c)]
      : kind === 'approvers' ? await this.approvers(account.id, c.requesterId)
      : [c.requesterId];
    for (const user of recipients) {
      const l = await this.d.locales.get(this.d.client, user, this.lang(account));
      const key = ({ signer: 'remindSigner', requester: 'remindRequester', approvers: 'remindApprovers', filingExpiry: 'remindFilingExpiry' } as const)[kind as 'signer'];
      const expires = typeof row.payload.expiresAt === 'string' ? row.payload.expiresAt.slice(0, 10) : '';
      const blocks = kind === 'signer' ? signRequestMessage(c, l) : undefined;
      await this.post(row, { channel: await this.dm(user), text: t(key, l, { number: c.number, date: expires }), ...(blocks ? { blocks: [section(t(key, l, { number: c.number, date: expires })), ...blocks.slice(1)] } : {}) });
    }
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
