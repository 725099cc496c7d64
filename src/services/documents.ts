// Issues each contract's documents once and keeps them with their hash: the draft once it exists, the formal
// version once the contract is effective. Rendering is pure (src/pdf); this is the I/O around it.
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { accounts, auditEvents, type ContractRow, contractItems, contracts, documents, orders } from '../db/schema.js';
import type { DocKind } from '../pdf/links.js';
import { type DocumentInput, renderContract } from '../pdf/document.js';
import { documentAvailable } from '../domain/documents.js';
import type { Ctx } from './context.js';

export type DocumentRow = typeof documents.$inferSelect;

export { documentAvailable } from '../domain/documents.js';

async function documentInput(ctx: Ctx, c: ContractRow, kind: DocKind): Promise<DocumentInput> {
  const db = ctx.db;
  const [account] = await db.select().from(accounts).where(eq(accounts.id, c.accountId));
  const items = await db
    .select({ ref: contractItems.itemRef, amountCents: contractItems.amountCents, type: orders.type, date: orders.createdOn })
    .from(contractItems)
    .leftJoin(orders, and(eq(orders.accountId, contractItems.accountId), eq(orders.id, contractItems.itemRef), eq(contractItems.itemKind, 'order')))
    .where(eq(contractItems.contractId, c.id))
    .orderBy(asc(contractItems.id));
  const events = await db.select().from(auditEvents).where(eq(auditEvents.contractId, c.id)).orderBy(asc(auditEvents.id));
  const framework = c.frameworkId ? (await db.select({ n: contracts.number }).from(contracts).where(eq(contracts.id, c.frameworkId)))[0]?.n ?? null : null;
  const signed = events.find((e) => e.action === 'customerSigned');
  return {
    version: kind,
    number: c.number,
    kind: c.kind,
    channel: c.sealChannel,
    subjectType: account!.subjectType,
    partyA: c.partyA ?? { name: account!.verifiedSubject, address: '', contactName: '', phone: '', email: '' },
    totalCents: c.totalCents,
    frameworkNumber: framework,
    issuedAt: ctx.clock(),
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
  };
}

/** The stored document, issuing it first if this is the first time it is asked for; null when it does not exist yet. */
export async function ensureDocument(ctx: Ctx, contractId: string, kind: DocKind): Promise<DocumentRow | null> {
  const [existing] = await ctx.db.select().from(documents).where(and(eq(documents.contractId, contractId), eq(documents.kind, kind)));
  if (existing) return existing;
  const [c] = await ctx.db.select().from(contracts).where(eq(contracts.id, contractId));
  if (!c || !documentAvailable(c, kind)) return null;
  const bytes = await renderContract(await documentInput(ctx, c, kind));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await ctx.db.insert(documents).values({ contractId, kind, sha256, bytes, createdAt: ctx.clock() }).onConflictDoNothing();
  const [row] = await ctx.db.select().from(documents).where(and(eq(documents.contractId, contractId), eq(documents.kind, kind)));
  return row ?? null;
}

/** `/contract verify`: did we issue this document, for which contract, and where does that contract stand? */
export async function findDocument(ctx: Ctx, accountId: string, sha256: string) {
  const hash = sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hash)) return null;
  const [row] = await ctx.db
    .select({ kind: documents.kind, createdAt: documents.createdAt, contract: contracts })
    .from(documents)
    .innerJoin(contracts, eq(contracts.id, documents.contractId))
    .where(and(eq(documents.sha256, hash), eq(contracts.accountId, accountId)));
  return row ?? null;
}
