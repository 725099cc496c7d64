// Issues each contract's documents once and keeps them with their hash: the draft once it exists, the formal
// version once the contract is effective. Rendering is pure (src/pdf); this is the I/O around it.
import { createHash } from 'node:crypto';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { accounts, auditEvents, contractItems, type ContractRow, contracts, documents, documentsDue, orders } from '../db/schema.js';
import type { DocKind } from '../domain/documents.js';
import { documentAvailable } from '../domain/documents.js';
import type { Status, SubStatus } from '../domain/types.js';
import type { DocumentInput } from '../pdf/document.js';
import type { Ctx } from './context.js';
import { peopleNames } from './queries.js';

export type DocumentRow = typeof documents.$inferSelect;

export { documentAvailable } from '../domain/documents.js';

/**
 * The moment a document came to exist (the draft generated, the contract effective) and the trail up to it: a
 * document says what was true then, whenever it is rendered, so a later paper copy or download never changes it.
 * Contracts from before this rule had no moment recorded in the trail's shape: they keep the old reading (now).
 */
export function documentMoment<E extends { at: Date; toStatus: Status | null; toSubStatus: SubStatus | null }>(
  events: readonly E[],
  kind: DocKind,
): { at: Date; events: E[] } | null {
  const i = events.findIndex((e) => e.toStatus !== null && documentAvailable({ status: e.toStatus, subStatus: e.toSubStatus }, kind));
  return i < 0 ? null : { at: events[i]!.at, events: events.slice(0, i + 1) };
}

async function documentInput(ctx: Ctx, c: ContractRow, kind: DocKind): Promise<DocumentInput> {
  const db = ctx.db;
  const [account] = await db.select().from(accounts).where(eq(accounts.id, c.accountId));
  const items = await db
    .select({ ref: contractItems.itemRef, amountCents: contractItems.amountCents, type: orders.type, date: orders.createdOn })
    .from(contractItems)
    .leftJoin(orders, and(eq(orders.accountId, contractItems.accountId), eq(orders.id, contractItems.itemRef), eq(contractItems.itemKind, 'order')))
    .where(eq(contractItems.contractId, c.id))
    .orderBy(asc(contractItems.id));
  const trail = await db.select().from(auditEvents).where(eq(auditEvents.contractId, c.id)).orderBy(asc(auditEvents.id));
  const moment = documentMoment(trail, kind);
  const events = moment?.events ?? trail;
  const framework = c.frameworkId ? ((await db.select({ n: contracts.number }).from(contracts).where(eq(contracts.id, c.frameworkId)))[0]?.n ?? null) : null;
  const signed = events.find((e) => e.action === 'customerSigned');
  return {
    edition: kind,
    number: c.number,
    kind: c.kind,
    channel: c.sealChannel,
    vendor: c.vendor,
    subjectType: account!.subjectType,
    partyA: c.partyA ?? { name: account!.verifiedSubject, address: '', contactName: '', phone: '', email: '' },
    totalCents: c.totalCents,
    frameworkNumber: framework,
    issuedAt: moment?.at ?? ctx.clock(),
    effectiveAt: kind === 'formal' ? c.effectiveAt : null,
    signer: kind === 'formal' && signed && c.signerName ? { name: c.signerName, at: signed.at } : null,
    items: items.map((i) => ({ ref: i.ref, amountCents: i.amountCents, type: i.type, date: i.date })),
    events: events.map((e) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      from: e.fromStatus ? { status: e.fromStatus, subStatus: e.fromSubStatus } : null,
      to: e.toStatus ? { status: e.toStatus, subStatus: e.toSubStatus } : null,
    })),
    timeZone: account!.timeZone,
    actorNames: Object.fromEntries([...(await peopleNames(db, c.accountId))].filter(([id]) => events.some((e) => e.actor === id))),
  };
}

/** The stored document, issuing it first if this is the first time it is asked for; null when it does not exist yet. */
export async function ensureDocument(ctx: Ctx, contractId: string, kind: DocKind): Promise<DocumentRow | null> {
  const [existing] = await ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.contractId, contractId), eq(documents.kind, kind)));
  if (existing) return existing;
  const [c] = await ctx.db.select().from(contracts).where(eq(contracts.id, contractId));
  if (!c || !documentAvailable(c, kind)) return null;
  const input = await documentInput(ctx, c, kind);
  // pdf-lib is loaded with the first document, not at start: a quarter of a second of every restart (issue 14).
  const { contentFingerprint, renderContract } = await import('../pdf/document.js');
  const bytes = await renderContract(input);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Issued at its moment: /contract verify and the PDF's 生成时间 say when the document came to exist.
  await ctx.db
    .insert(documents)
    .values({ contractId, kind, sha256, contentFingerprint: contentFingerprint(input), bytes, createdAt: input.issuedAt })
    .onConflictDoNothing();
  const [row] = await ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.contractId, contractId), eq(documents.kind, kind)));
  return row ?? null;
}

/** How long one job instance holds a due document while it renders it; then another may take it over. */
const ISSUE_LEASE_MS = 60_000;

/**
 * The documents job: issues the documents whose moment has come (documents_due, written with the change), a batch at
 * a time, each claimed with SKIP LOCKED so replicas share the work. A contract's download never waits on this: the
 * first download issues the same document (same moment, same trail), and the job then finds it done.
 */
export async function issueDueDocuments(ctx: Ctx, limit = 20): Promise<{ issued: number; failed: { contractId: string; kind: string; error: unknown }[] }> {
  const now = ctx.clock();
  const claimed = await ctx.db.execute<{ contract_id: string; kind: DocKind }>(sql`
    update documents_due d set claimed_until = ${new Date(now.getTime() + ISSUE_LEASE_MS).toISOString()}::timestamptz
    where (d.contract_id, d.kind) in (
      select contract_id, kind from documents_due
      where due_at <= ${now.toISOString()}::timestamptz and (claimed_until is null or claimed_until < ${now.toISOString()}::timestamptz)
      order by due_at limit ${limit} for update skip locked)
    returning d.contract_id, d.kind`);
  let issued = 0;
  const failed: { contractId: string; kind: string; error: unknown }[] = [];
  for (const { contract_id: contractId, kind } of claimed) {
    try {
      await ensureDocument(ctx, contractId, kind);
      await ctx.db.delete(documentsDue).where(and(eq(documentsDue.contractId, contractId), eq(documentsDue.kind, kind)));
      issued += 1;
    } catch (error) {
      failed.push({ contractId, kind, error }); // its lease runs out and it is tried again
    }
  }
  return { issued, failed };
}

/** What a person may type to verify: the file's SHA-256, or the content fingerprint the PDF prints (whole or its first 8+). */
function verifyQuery(text: string): { hash: string; prefix: boolean } | null {
  const hash = text
    .trim()
    .toLowerCase()
    .replace(/[\s…]+$/u, '')
    .replace(/\.+$/, '');
  if (!/^[0-9a-f]{8,64}$/.test(hash)) return null;
  return { hash, prefix: hash.length < 64 };
}

/** `/contract verify`: did we issue this document, for which contract, and where does that contract stand? */
export async function findDocument(ctx: Ctx, accountId: string, typed: string) {
  const q = verifyQuery(typed);
  if (!q) return null;
  const select = () =>
    ctx.db
      .select({
        kind: documents.kind,
        createdAt: documents.createdAt,
        sha256: documents.sha256,
        fingerprint: documents.contentFingerprint,
        contract: contracts,
      })
      .from(documents)
      .innerJoin(contracts, eq(contracts.id, documents.contractId));
  if (!q.prefix) {
    const [file] = await select().where(and(eq(documents.sha256, q.hash), eq(contracts.accountId, accountId)));
    if (file) return { ...file, matched: 'file' as const };
  }
  // A prefix that names two documents names neither: the person is asked for more of it.
  const found = await select()
    .where(and(like(documents.contentFingerprint, `${q.hash}%`), eq(contracts.accountId, accountId)))
    .limit(2);
  if (found.length !== 1) return found.length ? { ambiguous: true as const } : null;
  return { ...found[0]!, matched: 'fingerprint' as const };
}
