// R15: QingCloud makes its draft at once and seals at once when converted. The status table stays one table: the
// system applies its own transition (draftGenerated, vendorSealed) in the same transaction as the person's action,
// and the audit trail records it as the system's, marked `immediate`.
import type { Tx } from '../db/client.js';
import type { ContractRow } from '../db/schema.js';
import { stateKey } from '../domain/lifecycle.js';
import type { Actor } from '../domain/types.js';
import { vendorProfile } from '../domain/vendors.js';
import type { Ctx } from './context.js';
import { applyTo } from './transition.js';

const VENDOR: Actor = { type: 'system', name: 'esign' };

/** `c` is the contract as the person's action just wrote it, still locked by this transaction: it is not read again. */
export async function followImmediately(ctx: Ctx, tx: Tx, c: ContractRow): Promise<ContractRow> {
  if (!vendorProfile(c.vendor).immediate) return c;
  const key = stateKey(c);
  if (key === 'draft/draft_generating') {
    return applyTo(ctx, tx, VENDOR, c, 'draftGenerated', {}, async () => ({ detail: { immediate: true } }));
  }
  if (key === 'signing/vendor_signing') {
    return applyTo(ctx, tx, VENDOR, c, 'vendorSealed', {}, async () => ({ detail: { immediate: true } }));
  }
  return c;
}
