// The signer's side of the dual channel (R8, R9): the Sign button that stands in for the e-sign app the SMS links to.
import { type ContractRow } from '../db/schema.js';
import { domainError, type Result } from '../domain/errors.js';
import { stateLabel } from '../domain/labels.js';
import type { EsignService } from '../esign/types.js';
import type { Ctx } from './context.js';
import { getContract } from './queries.js';
import { signerSlackUser } from './signers.js';

export type SignRefusal = 'notFound' | 'notTheSigner' | 'notNow';

/**
 * The contract's signer signs: only they may (the requester of a personal account, the signer's linked Slack user
 * otherwise), only the version they were shown, only while the customer signs. The e-sign service records the
 * signature; its outcome reaches the contract through the poller like every other e-sign outcome.
 */
export async function signAsSigner(
  ctx: Ctx,
  esign: EsignService,
  input: { accountId: string; contractId: string; version: number; slackUserId: string },
): Promise<Result<ContractRow> & { refusal?: SignRefusal }> {
  const c = await getContract(ctx.db, input.accountId, input.contractId);
  if (!c) return { ok: false, error: domainError('CONTRACT_NOT_FOUND'), refusal: 'notFound' };
  if (input.slackUserId !== (await signerSlackUser(ctx.db, c)))
    return { ok: false, error: domainError('NOT_PERMITTED', { action: { zh: '签署', en: 'sign' } }), refusal: 'notTheSigner' };
  if (c.version !== input.version || c.subStatus !== 'customer_signing') {
    return { ok: false, error: domainError('ACTION_NOT_ALLOWED', { state: stateLabel(c, c.vendor), action: { zh: '签署', en: 'sign' } }), refusal: 'notNow' };
  }
  await esign.start(c.id, 'customer', { phone: c.signerPhone ?? undefined, channel: c.sealChannel });
  await esign.sign(c.id, input.slackUserId);
  return { ok: true, value: c };
}
