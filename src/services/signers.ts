// R8: signers of an enterprise account; a new one needs the e-sign administrator's authorisation before signing.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type SignerRow, signers } from '../db/schema.js';
import type { Result } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { firstError, parseInput, SignerRequest } from '../domain/inputs.js';
import { type Actor, personOrSystem } from '../domain/types.js';
import { vendorProfile } from '../domain/vendors.js';
import { requireEsignAdmin } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse } from './context.js';
import { loadAccount } from './create-draft.js';
import { refuseUnprintable } from './refuse-unprintable.js';
import { recordChange } from './trail.js';

type UserActor = Extract<Actor, { type: 'user' }>;

export function requestSigner(ctx: Ctx, actor: UserActor, input: { name: string; phone: string; slackUserId?: string | null }): Promise<Result<SignerRow>> {
  return inTransaction(ctx, async (tx) => {
    const account = await loadAccount(tx, actor.accountId);
    if (!vendorProfile(account.vendor).channels.includes('dual_seal')) refuse('VENDOR_NO_SIGNERS', { vendor: vendorProfile(account.vendor).name });
    if (account.subjectType === 'personal') refuse('R8_PERSON_SIGNS_SELF');
    const parsed = parseInput(SignerRequest, { name: input.name, phone: input.phone });
    if (!parsed.ok) throw new Refusal(firstError(parsed.errors));
    const { name, phone } = parsed.value;
    refuseUnprintable([['signerName', { zh: '签署人姓名', en: "The signer's name" }, name]]);
    const now = ctx.clock();
    const [s] = await tx
      .insert(signers)
      .values({ accountId: account.id, name, phone, slackUserId: input.slackUserId ?? null, requestedBy: actor.userId, createdAt: now })
      .returning();
    await recordChange(tx, {
      accountId: account.id,
      contractId: null,
      actor,
      action: 'signerRequested',
      detail: { signerId: s!.id, name },
      notices: [{ topic: 'signer.requested', payload: { signerId: s!.id, name, requestedBy: actor.userId } }],
      at: now,
    });
    return s!;
  });
}

export function decideSigner(ctx: Ctx, actor: Actor, accountId: string, signerId: string, decision: 'authorise' | 'reject'): Promise<Result<SignerRow>> {
  return inTransaction(ctx, async (tx) => {
    await requireEsignAdmin(tx, actor, accountId);
    if (!isUuid(signerId)) refuse('SIGNER_NOT_FOUND');
    const [s] = await tx
      .select()
      .from(signers)
      .where(and(eq(signers.id, signerId), eq(signers.accountId, accountId)))
      .for('update');
    if (!s) refuse('SIGNER_NOT_FOUND');
    if (s.status !== 'pending') refuse('SIGNER_NOT_PENDING');
    const now = ctx.clock();
    const by = personOrSystem(actor);
    const [updated] = await tx
      .update(signers)
      .set({ status: decision === 'authorise' ? 'authorised' : 'rejected', decidedBy: by, decidedAt: now })
      .where(eq(signers.id, s.id))
      .returning();
    await recordChange(tx, {
      accountId,
      contractId: null,
      actor,
      action: decision === 'authorise' ? 'signerAuthorised' : 'signerRejected',
      detail: { signerId: s.id, name: s.name },
      notices: [{ topic: 'signer.decided', payload: { signerId: s.id, name: s.name, decision, requestedBy: s.requestedBy, decidedBy: by } }],
      at: now,
    });
    return updated!;
  });
}

/**
 * The Slack user who signs this contract: the requester for a personal account (no signer row), the signer's
 * linked Slack user otherwise, or null when the signer has none (they sign from the SMS alone). The Sign button and
 * the signing DM both ask here, so the DM goes to nobody the button would refuse.
 */
export async function signerSlackUser(db: Db, c: { signerId: string | null; requesterId: string }): Promise<string | null> {
  if (!c.signerId) return c.requesterId;
  const [s] = await db.select({ slackUserId: signers.slackUserId }).from(signers).where(eq(signers.id, c.signerId));
  return s?.slackUserId ?? null;
}
