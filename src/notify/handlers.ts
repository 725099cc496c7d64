// One handler per topic: who hears of the row, in which language, and through which posts. The mapped type makes a
// topic without a handler a compile error; the words come from the pure views in slack/views/notifications.ts.
import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { type AccountRow, type ContractRow, contracts, signers } from '../db/schema.js';
import type { DocKind } from '../domain/documents.js';
import type { PayloadOf, Topic } from '../domain/notices.js';
import type { State } from '../domain/types.js';
import { membersWith } from '../services/access.js';
import type { Ctx } from '../services/context.js';
import { documentAvailable, ensureDocument } from '../services/documents.js';
import { itemsOf, peopleNames } from '../services/queries.js';
import { signerSlackUser } from '../services/signers.js';
import {
  approvalMessagesOf,
  forgetApprovalMessages,
  forgetSignerApprovalMessages,
  rememberApprovalMessage,
  rememberThread,
  signerApprovalMessagesOf,
  threadOf,
} from '../services/threads.js';
import { accountLocale, type Locale } from '../slack/i18n.js';
import type { LocaleCache } from '../slack/locale.js';
import { contractSummary, threadRootText } from '../slack/views/contract.js';
import { tencentSyncFailedMessage } from '../slack/views/import.js';
import * as say from '../slack/views/notifications.js';
import { rolesEmptiedMessage } from '../slack/views/setup.js';
import type { RowPoster } from './poster.js';
import type { OutboxRow } from './queue.js';

export interface HandlerDeps {
  ctx: Ctx;
  /** This attempt's posting (what an earlier attempt posted for sure is not posted again). */
  poster: RowPoster;
  client: WebClient;
  locales: LocaleCache;
  /** Link to a contract's document, posted in the thread when a draft is ready and when it becomes effective. */
  documentUrl: (contractId: string, kind: DocKind) => string;
  /** Also upload the PDF into the thread at those moments. */
  uploadPdfs: boolean;
  /** The signer's phone (R8): the SMS with the link to the signing page. Absent, no SMS is sent (a real provider sends its own). */
  sms?: {
    signingUrl: (linkId: string, exp: number) => string;
    send: (m: { contractId: string; phone: string; text: string; dedupeKey: string }) => Promise<void>;
  };
  /** TIME_SCALE, for the expected durations in the words. */
  timeScale: number;
  /** This person's Home tab shows contracts that just moved: republish it once the batch is delivered. */
  homeDue: (userId: string, account: AccountRow) => void;
}

export interface Delivery {
  row: OutboxRow;
  account: AccountRow;
  contract: ContractRow | null;
  /** Whether a later pending row of the same contract edits its thread root (then this one leaves the edit to it). */
  rootEditLater?: () => Promise<boolean>;
}

/** The topics whose rows post in the contract's thread and edit its root to show the contract as it is now. */
export const ROOT_EDITING_TOPICS: Topic[] = ['contract.changed', 'contract.expired', 'contract.stale'];
/** Noted on a row whose root edit a later row made (kept on the row, for whoever reads the outbox). */
export const ROOT_EDIT_KEY = 'root edit';

type Handler<T extends Topic> = (d: HandlerDeps, x: Delivery, p: PayloadOf<T>) => Promise<void>;

/** Channel posts follow the workspace's language. */
const channelLocale = (account: AccountRow): Locale => accountLocale(account);
const localeOf = (d: HandlerDeps, userId: string, account: AccountRow) => d.locales.get(d.client, account.slackTeamId, userId, channelLocale(account));
/** Slack's DM channel ids start with D: a thread there is the requester's alone and speaks their language. */
const isDm = (channel: string) => channel.startsWith('D');

/** The moments a document is announced: the draft once generated, the formal version once effective. */
function documentKindAt(to: State | undefined): DocKind | null {
  if (to?.subStatus === 'draft_ready' || to?.subStatus === 'confirming_text') return 'draft';
  if (to?.subStatus === 'e_effective') return 'formal';
  return null;
}

async function approvers(d: HandlerDeps, accountId: string, except: string): Promise<string[]> {
  return (await membersWith(d.ctx.db, accountId, 'isApprover')).filter((id) => id !== except);
}

async function admins(d: HandlerDeps, accountId: string): Promise<string[]> {
  return membersWith(d.ctx.db, accountId, 'isAdmin');
}

/** A DM to each person, in their own language. */
async function dmEach(d: HandlerDeps, x: Delivery, users: string[], render: (l: Locale) => say.Message): Promise<void> {
  for (const user of users) await d.poster.post(x.row, { channel: await d.poster.dm(user) }, render(await localeOf(d, user, x.account)));
}

/** The contract's thread (created on first use, its root kept current) gets one reply for this row. */
async function threadReply(
  d: HandlerDeps,
  x: Delivery & { contract: ContractRow },
  reply: (l: Locale) => say.Message,
): Promise<{ channel: string; rootTs: string }> {
  const { account, contract: c, row } = x;
  const db = d.ctx.db;
  let thread = await threadOf(db, c.id);
  const channel = thread?.channel ?? account.notificationChannel ?? (await d.poster.dm(c.requesterId));
  const l = isDm(channel) ? await localeOf(d, c.requesterId, account) : channelLocale(account);
  const root = async (of: ContractRow): Promise<say.Message> => ({
    text: threadRootText(of, l),
    blocks: contractSummary({ contract: of, items: await itemsOf(db, of.id) }, l),
  });
  if (!thread) {
    const rootTs = await d.poster.postRoot(row, channel, c.id, await root(c));
    thread = await rememberThread(db, { contractId: c.id, channel, rootTs });
    await d.poster.post(row, { channel: thread.channel, threadTs: thread.rootTs }, reply(l));
    return thread;
  }
  await d.poster.post(row, { channel: thread.channel, threadTs: thread.rootTs }, reply(l));
  // The reply first, then the root: while the reply waited for the channel's budget (one post a second), the contract
  // may have moved again. Then a later row edits the root, once, with the latest state (chat.update is Tier 3, 50 a
  // minute per workspace), and this one leaves it.
  if (await x.rootEditLater?.()) d.poster.note(ROOT_EDIT_KEY, 'superseded by a later row of the contract');
  else await d.poster.update(thread.channel, thread.rootTs, await root((await db.select().from(contracts).where(eq(contracts.id, c.id)))[0] ?? c));
  return thread;
}

const withContract = (x: Delivery): (Delivery & { contract: ContractRow }) | null => (x.contract ? (x as Delivery & { contract: ContractRow }) : null);

/** Once someone decided, every approver's copy shows the outcome and loses its buttons. */
async function closeApprovals(d: HandlerDeps, x: Delivery & { contract: ContractRow }, p: PayloadOf<'contract.changed'>): Promise<void> {
  const detail = p.detail as { decidedBy?: string; reason?: string };
  const decided = { approved: p.action === 'approve', by: detail.decidedBy ?? p.actor, reason: detail.reason ?? null };
  const msgs = await approvalMessagesOf(d.ctx.db, x.contract.id);
  const what = msgs.length ? await approvalContext(d, x.contract) : undefined;
  for (const m of msgs) {
    await d.poster.update(m.channel, m.ts, say.approvalDecided(x.contract, await localeOf(d, m.approverId, x.account), decided, what));
    d.homeDue(m.approverId, x.account); // the approval leaves their Home's waiting list
  }
  await forgetApprovalMessages(d.ctx.db, x.contract.id);
}

/**
 * Once an e-sign administrator decided on a signer, every administrator's copy of the request shows the outcome and
 * loses its buttons, each in its reader's language: as approvers' copies of a contract's approval are closed.
 */
async function closeSignerApprovals(d: HandlerDeps, x: Delivery, p: PayloadOf<'signer.decided'>): Promise<void> {
  const msgs = await signerApprovalMessagesOf(d.ctx.db, p.signerId);
  if (!msgs.length) return;
  const [s] = await d.ctx.db.select().from(signers).where(eq(signers.id, p.signerId));
  if (!s) return;
  const by = p.decidedBy ?? s.decidedBy ?? '';
  for (const m of msgs) await d.poster.update(m.channel, m.ts, say.signerDecidedCopy(s, p.decision, by, await localeOf(d, m.approverId, x.account)));
  await forgetSignerApprovalMessages(d.ctx.db, p.signerId);
}

/** What an approver reads before deciding: the items and the draft (generated before approval is asked). */
async function approvalContext(d: HandlerDeps, c: ContractRow) {
  const items = await itemsOf(d.ctx.db, c.id);
  return { items, draftUrl: documentAvailable(c, 'draft') ? d.documentUrl(c.id, 'draft') : null };
}

async function remind(d: HandlerDeps, x: Delivery, kind: 'signer' | 'requester' | 'approvers' | 'filingExpiry', expiresAt?: string): Promise<void> {
  const c = x.contract;
  if (!c) return;
  const signer = kind === 'signer' ? await signerSlackUser(d.ctx.db, c) : null;
  // A signer without Slack is reminded by nobody here: the requester's own reminder follows a day later.
  const users = kind === 'signer' ? (signer ? [signer] : []) : kind === 'approvers' ? await approvers(d, x.account.id, c.requesterId) : [c.requesterId];
  await dmEach(d, x, users, (l) => say.reminder(kind, c, l, expiresAt));
}

export const HANDLERS: { [T in Topic]: Handler<T> } = {
  'contract.changed': async (d, x, p) => {
    const cx = withContract(x);
    if (!cx) return;
    const kind = documentKindAt(p.to);
    const doc = kind ? { kind, url: d.documentUrl(cx.contract.id, kind) } : null;
    const names = await peopleNames(d.ctx.db, x.account.id);
    const thread = await threadReply(d, cx, (l) => say.changeReply(p, l, doc, names, d.timeScale));
    if (kind && d.uploadPdfs) {
      const file = await ensureDocument(d.ctx, cx.contract.id, kind);
      if (file) {
        const title = say.documentTitle(cx.contract.number, kind, channelLocale(x.account));
        await d.poster.upload(x.row, {
          channel: thread.channel,
          threadTs: thread.rootTs,
          file: Buffer.from(file.bytes),
          filename: `${cx.contract.number}-${kind}.pdf`,
          title,
        });
      }
    }
    if (p.action === 'approve' || p.action === 'reject') await closeApprovals(d, cx, p);
    // The thread speaks the channel's language and nobody is pinged by it: what someone else did to a requester's
    // contract (a rejection, the vendor's seal, a step of the e-sign service) reaches them as a DM in their own.
    if (p.actor !== cx.contract.requesterId) await dmEach(d, x, [cx.contract.requesterId], (l) => say.requesterUpdate(p, l, doc, names, d.timeScale));
    d.homeDue(cx.contract.requesterId, x.account);
  },
  'contract.expired': async (d, x, p) => {
    const cx = withContract(x);
    if (!cx) return;
    await threadReply(d, cx, (l) => say.expiredReply(p.number, l));
    d.homeDue(cx.contract.requesterId, x.account);
  },
  'contract.stale': async (d, x, p) => {
    const cx = withContract(x);
    if (!cx) return;
    await threadReply(d, cx, (l) => say.staleReply(p.reason, l, cx.contract.vendor));
    await dmEach(d, x, [cx.contract.requesterId], (l) => say.staleDm(cx.contract.number, p.reason, l, cx.contract.vendor));
  },
  'approval.requested': async (d, x, p) => {
    const c = x.contract;
    if (!c) return;
    // An approver added while the contract waits (issue 26) is asked too, if it still waits by the time this goes out.
    if (p.to && c.subStatus !== 'awaiting_approval') return;
    const what = await approvalContext(d, c);
    const everyone = await approvers(d, x.account.id, c.requesterId);
    for (const approver of p.to ? everyone.filter((a) => p.to!.includes(a)) : everyone) {
      const r = await d.poster.post(x.row, { channel: await d.poster.dm(approver) }, say.approvalRequest(c, await localeOf(d, approver, x.account), what));
      await rememberApprovalMessage(d.ctx.db, { contractId: c.id, approverId: approver, channel: r.channel, ts: r.ts });
      d.homeDue(approver, x.account); // their Home lists what waits for them
    }
  },
  'signing.sms': async (d, x, p) => {
    const c = x.contract;
    if (!c) return;
    if (d.sms && p.linkId && p.exp && c.signerPhone) {
      const url = d.sms.signingUrl(p.linkId, p.exp);
      await d.sms.send({ contractId: c.id, phone: c.signerPhone, text: say.signingSms(c, url), dedupeKey: `outbox:${x.row.id}` });
    }
    const signer = await signerSlackUser(d.ctx.db, c);
    if (signer) await dmEach(d, x, [signer], (l) => say.signRequest(c, l, d.documentUrl(c.id, 'draft')));
    else await dmEach(d, x, [c.requesterId], (l) => say.signerHasNoSlack(c, l));
  },
  'signer.requested': async (d, x, p) => {
    const [s] = await d.ctx.db.select().from(signers).where(eq(signers.id, p.signerId));
    if (!s || s.status !== 'pending') return;
    // R8: the e-sign administrators decide; with none appointed, the admins hear that one is needed.
    const deciders = await membersWith(d.ctx.db, x.account.id, 'isEsignAdmin');
    if (!deciders.length) return dmEach(d, x, await admins(d, x.account.id), (l) => say.noEsignAdmin(s.name, l));
    for (const approver of deciders) {
      const r = await d.poster.post(x.row, { channel: await d.poster.dm(approver) }, say.signerAuthRequest(s, await localeOf(d, approver, x.account)));
      await rememberApprovalMessage(d.ctx.db, { signerId: s.id, approverId: approver, channel: r.channel, ts: r.ts });
    }
  },
  'signer.decided': async (d, x, p) => {
    await closeSignerApprovals(d, x, p);
    await dmEach(d, x, [p.requestedBy], (l) => say.signerDecided(p.name, p.decision, l));
  },
  'account.subjectChanged': async (d, x, p) => {
    if (x.account.notificationChannel)
      await d.poster.post(x.row, { channel: x.account.notificationChannel }, say.subjectChanged(p.from, p.to, channelLocale(x.account)));
    else await dmEach(d, x, await admins(d, x.account.id), (l) => say.subjectChanged(p.from, p.to, l));
  },
  'roles.emptied': async (d, x, p) => {
    const told = await admins(d, x.account.id);
    await dmEach(d, x, told.length ? told : p.fallback, (l) => rolesEmptiedMessage(p, l));
  },
  'reminder.signer': (d, x) => remind(d, x, 'signer'),
  'reminder.requester': (d, x) => remind(d, x, 'requester'),
  'reminder.approvers': (d, x) => remind(d, x, 'approvers'),
  'reminder.filingExpiry': (d, x, p) => remind(d, x, 'filingExpiry', p.expiresAt),
  'delivery.held': async (d, x, p) => dmEach(d, x, await admins(d, x.account.id), (l) => say.deliveryHeld(p.error, p.channel, l)),
  'click.answer': async (d, x, p) => {
    await dmEach(d, x, [p.userId], (l) => say.clickAnswer(p.text, l));
    d.homeDue(p.userId, x.account);
  },
  'tencent.syncFailed': async (d, x, p) => dmEach(d, x, await admins(d, x.account.id), (l) => tencentSyncFailedMessage(p, l, x.account.timeZone)),
};
