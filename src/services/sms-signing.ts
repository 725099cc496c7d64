// R8: a signer outside Slack signs from the link in their SMS. Each SMS carries a new link (the last one stops
// working); the page confirms the phone with a one-time code, kept only as an HMAC, before the signature counts.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { accounts, type ContractRow, contracts, signingLinks } from '../db/schema.js';
import { domainError, type Result } from '../domain/errors.js';
import { stateLabel } from '../domain/labels.js';
import type { Actor, SubjectType } from '../domain/types.js';
import { type Ctx, inTransaction, refuse } from './context.js';
import { itemsOf } from './queries.js';
import { recordChange } from './trail.js';

/** A signer has a day to open the SMS, as the vendor's e-sign SMS; the code lives 5 minutes. */
const SIGNING_LINK_TTL_MS = 24 * 3600_000;
const SIGNING_CODE_TTL_MS = 5 * 60_000;
const SIGNING_CODE_INTERVAL_MS = 60_000;
const SIGNING_CODES_PER_LINK = 5;
/** Wrong codes per link, across codes: 5 guesses of 10^6 leave a guesser no real chance. */
const SIGNING_CODE_ATTEMPTS = 5;

export type SigningLinkRow = typeof signingLinks.$inferSelect;

const SIGNER_ACTOR = (c: ContractRow): Actor => ({ type: 'system', name: `sms-signer:${c.signerName ?? ''}` });

/** Issued with every signing SMS, in the transaction that sends it; the links sent before stop working. */
export async function issueSigningLink(tx: Tx, c: ContractRow, now: Date): Promise<{ linkId: string; exp: number }> {
  await tx
    .update(signingLinks)
    .set({ supersededAt: now })
    .where(and(eq(signingLinks.contractId, c.id), isNull(signingLinks.supersededAt)));
  const expiresAt = new Date(now.getTime() + SIGNING_LINK_TTL_MS);
  const [link] = await tx
    .insert(signingLinks)
    .values({ contractId: c.id, phone: c.signerPhone ?? '', expiresAt, createdAt: now })
    .returning();
  return { linkId: link!.id, exp: Math.floor(expiresAt.getTime() / 1000) };
}

export interface OpenLink {
  link: SigningLinkRow;
  contract: ContractRow;
  items: Awaited<ReturnType<typeof itemsOf>>;
  /** R7: an enterprise signs with its e-seal, a person with a signature; the page says which. */
  subjectType: SubjectType;
}

/** Why a link no longer opens, checked in the order a signer would find most useful. */
function check(link: SigningLinkRow | undefined, c: ContractRow | undefined, now: Date): void {
  if (!link || !c) refuse('SIGNING_LINK_INVALID');
  if (link.usedAt) refuse('SIGNING_LINK_USED');
  if (link.supersededAt) refuse('SIGNING_LINK_SUPERSEDED');
  if (link.expiresAt.getTime() < now.getTime()) refuse('SIGNING_LINK_INVALID');
  // Cancelled, voided or signed another way: the link dies with the signing it was sent for.
  if (c.status !== 'signing' || c.subStatus !== 'customer_signing') refuse('SIGNING_NOT_OPEN', { number: c.number, state: stateLabel(c, c.vendor) });
  if (link.failedAttempts >= SIGNING_CODE_ATTEMPTS) refuse('SIGNING_CODE_LOCKED');
}

async function lockLink(tx: Tx, linkId: string) {
  const [link] = await tx.select().from(signingLinks).where(eq(signingLinks.id, linkId)).for('update');
  const [c] = link ? await tx.select().from(contracts).where(eq(contracts.id, link.contractId)) : [];
  return { link, c };
}

/** What the signing page shows: this link's contract and nothing else. */
export function openSigningLink(ctx: Ctx, linkId: string): Promise<Result<OpenLink>> {
  return inTransaction(ctx, async (tx) => {
    const { link, c } = await lockLink(tx, linkId);
    check(link, c, ctx.clock());
    const [account] = await tx.select({ subjectType: accounts.subjectType }).from(accounts).where(eq(accounts.id, c!.accountId));
    return { link: link!, contract: c!, items: await itemsOf(tx, c!.id), subjectType: account!.subjectType };
  });
}

export const codeHash = (pepper: string, linkId: string, code: string): string => createHmac('sha256', pepper).update(`${linkId}\n${code}`).digest('hex');

/** A new one-time code for the link's phone; the caller sends it by SMS. The last code stops working. */
export function newSigningCode(ctx: Ctx, linkId: string, pepper: string): Promise<Result<{ code: string; phone: string; contract: ContractRow }>> {
  return inTransaction(ctx, async (tx) => {
    const { link, c } = await lockLink(tx, linkId);
    const now = ctx.clock();
    check(link, c, now);
    const since = link!.codeSentAt ? now.getTime() - link!.codeSentAt.getTime() : Infinity;
    if (since < SIGNING_CODE_INTERVAL_MS) refuse('SIGNING_CODE_TOO_SOON', { seconds: Math.ceil((SIGNING_CODE_INTERVAL_MS - since) / 1000) });
    if (link!.codesSent >= SIGNING_CODES_PER_LINK) refuse('SIGNING_CODE_LIMIT');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx
      .update(signingLinks)
      .set({
        codeHash: codeHash(pepper, link!.id, code),
        codeExpiresAt: new Date(now.getTime() + SIGNING_CODE_TTL_MS),
        codeSentAt: now,
        codesSent: link!.codesSent + 1,
      })
      .where(eq(signingLinks.id, link!.id));
    return { code, phone: link!.phone, contract: c! };
  });
}

/**
 * The signer typed the code and pressed Sign. A wrong code is counted (and committed: a refusal must not roll the
 * count back); the right one uses the link up, so the signature is given once. The caller then tells the e-sign service.
 */
export async function confirmSigningCode(ctx: Ctx, linkId: string, code: string, pepper: string): Promise<Result<ContractRow>> {
  const r = await inTransaction(ctx, async (tx): Promise<Result<ContractRow>> => {
    const { link, c } = await lockLink(tx, linkId);
    const now = ctx.clock();
    check(link, c, now);
    if (!link!.codeHash || !link!.codeExpiresAt || link!.codeExpiresAt.getTime() < now.getTime()) refuse('SIGNING_CODE_MISSING');
    const given = Buffer.from(codeHash(pepper, link!.id, code.trim()));
    const expected = Buffer.from(link!.codeHash);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const failed = link!.failedAttempts + 1;
      await tx.update(signingLinks).set({ failedAttempts: failed }).where(eq(signingLinks.id, link!.id));
      return {
        ok: false,
        error: domainError(failed >= SIGNING_CODE_ATTEMPTS ? 'SIGNING_CODE_LOCKED' : 'SIGNING_CODE_WRONG', { left: SIGNING_CODE_ATTEMPTS - failed }),
      };
    }
    await tx.update(signingLinks).set({ usedAt: now, codeHash: null }).where(eq(signingLinks.id, link!.id));
    await recordChange(tx, {
      accountId: c!.accountId,
      contractId: c!.id,
      actor: SIGNER_ACTOR(c!),
      action: 'signingCodeConfirmed',
      detail: { via: 'sms-link' },
      at: now,
    });
    return { ok: true, value: c! };
  });
  return r.ok ? r.value : r;
}
