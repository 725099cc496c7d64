// Drives contracts through the services the way people and the e-sign service would.
import { expect } from 'vitest';
import type { ContractRow } from '../../src/db/schema.js';
import type { Result } from '../../src/domain/errors.js';
import type { StateKey } from '../../src/domain/lifecycle.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { Actor, Kind, SealChannel } from '../../src/domain/types.js';
import { DEMO_USERS, type SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import type { TestEnv } from './db.js';

export const SYSTEM: Actor = { type: 'system', name: 'test' };

export function actorsOf(acc: SeededAccount) {
  const user = (userId: string): Actor & { type: 'user' } => ({ type: 'user', accountId: acc.accountId, userId });
  return {
    requester: user(DEMO_USERS.requester.id),
    colleague: user(DEMO_USERS.requester2.id),
    approver: user(DEMO_USERS.approver.id),
    approver2: user(DEMO_USERS.approver2.id),
    admin: user(DEMO_USERS.admin.id),
    signerUser: user(DEMO_USERS.signer.id),
    system: SYSTEM,
  };
}

export function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message.en}`);
  return r.value;
}

export function expectRefused<T>(r: Result<T>, code: string): void {
  expect(r.ok ? 'ok' : r.error.code).toBe(code);
}

/** Orders the status-table walk may use: prepaid, one per contract. */
export function eligibleOrders(acc: SeededAccount): string[] {
  return acc.orders.filter((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE-')).map((o) => o.id);
}

export async function effectiveFramework(env: TestEnv, acc: SeededAccount, channel: SealChannel = 'vendor_seal'): Promise<ContractRow> {
  const a = actorsOf(acc);
  const c = must(await svc.createDraft(env.ctx, a.requester, { kind: 'framework', channel, itemIds: [] }));
  return driveFrom(env, acc, c, 'effective/e_effective');
}

const VENDOR_PATH: StateKey[] = [
  'draft/draft_generating',
  'draft/draft_ready',
  'signing/vendor_signing',
  'effective/e_effective',
  'effective/paper_requested',
  'effective/paper_shipped',
];
const DUAL_PATH: StateKey[] = [
  'draft/filling_info',
  'draft/draft_generating',
  'draft/confirming_text',
  'draft/confirming_signing',
  'signing/customer_signing',
  'signing/vendor_signing',
  'effective/e_effective',
  'effective/paper_requested',
  'effective/paper_shipped',
];

/** One step forward along the main path, as the person or system whose turn it is. */
async function stepForward(env: TestEnv, acc: SeededAccount, c: ContractRow): Promise<ContractRow> {
  const a = actorsOf(acc);
  const ctx = env.ctx;
  switch (stateKey(c)) {
    case 'draft/filling_info':
      return must(await svc.fillPartyA(ctx, a.requester, c.id, {}));
    case 'draft/draft_generating':
      return must(await svc.draftGenerated(ctx, a.system, c.id));
    case 'draft/confirming_text':
      return must(await svc.confirmText(ctx, a.requester, c.id));
    case 'draft/confirming_signing': {
      const info = acc.signers ? { signerId: acc.signers.authorised } : { phone: '13912345678' };
      must(await svc.confirmSigningInfo(ctx, a.requester, c.id, info));
      return must(await svc.startSigning(ctx, a.requester, c.id));
    }
    case 'draft/draft_ready':
      return must(await svc.convert(ctx, a.requester, c.id));
    case 'draft/awaiting_approval':
      return must(await svc.approve(ctx, a.approver, c.id));
    case 'signing/customer_signing':
      return must(await svc.customerSigned(ctx, a.system, c.id));
    case 'signing/vendor_signing':
      return must(await svc.vendorSealed(ctx, a.system, c.id));
    case 'effective/e_effective':
      return must(await svc.requestPaper(ctx, a.requester, c.id, { recipient: '张伟', phone: '13800138000', address: '北京市海淀区中关村大街 1 号' }));
    case 'effective/paper_requested':
      return must(await svc.paperShipped(ctx, a.system, c.id, 'SF1234567890'));
    default:
      throw new Error(`no step forward from ${stateKey(c)}`);
  }
}

/** Moves an existing contract to the target state (a state on its path, or a branch: approval, cancel, void, delete). */
export async function driveFrom(env: TestEnv, acc: SeededAccount, start: ContractRow, target: StateKey): Promise<ContractRow> {
  const a = actorsOf(acc);
  const ctx = env.ctx;
  const dual = start.sealChannel === 'dual_seal';
  const path = dual ? DUAL_PATH : VENDOR_PATH;
  const via = (k: StateKey) => driveFrom(env, acc, start, k);
  switch (target) {
    case 'draft/awaiting_approval': {
      const before = await via(dual ? 'draft/confirming_signing' : 'draft/draft_ready');
      must(await svc.saveSettingsKeepRoles(ctx, a.admin, acc.accountId, { approvalKinds: [before.kind] }));
      try {
        if (!dual) return must(await svc.convert(ctx, a.requester, before.id));
        const info = acc.signers ? { signerId: acc.signers.authorised } : { phone: '13912345678' };
        must(await svc.confirmSigningInfo(ctx, a.requester, before.id, info));
        return must(await svc.startSigning(ctx, a.requester, before.id));
      } finally {
        must(await svc.saveSettingsKeepRoles(ctx, a.admin, acc.accountId, { approvalKinds: [] }));
      }
    }
    case 'signing/cancelling':
      return must(await svc.cancelSigning(ctx, a.requester, (await via('signing/customer_signing')).id));
    case 'voided/-':
      if (dual) return must(await svc.cancelConfirmed(ctx, a.system, (await via('signing/cancelling')).id));
      return must(await svc.voidContract(ctx, a.requester, (await via('draft/draft_ready')).id));
    case 'deleted/-':
      return must(await svc.deleteContract(ctx, a.requester, (await via('voided/-')).id));
    default: {
      const goal = path.indexOf(target);
      if (goal < 0) throw new Error(`${target} is not on the ${start.sealChannel} path`);
      let c = start;
      while (path.indexOf(stateKey(c)) < goal) c = await stepForward(env, acc, c);
      expect(stateKey(c)).toBe(target);
      return c;
    }
  }
}

export async function newContractIn(
  env: TestEnv,
  acc: SeededAccount,
  spec: { kind: Kind; channel: SealChannel; itemIds: string[] },
  target: StateKey,
): Promise<ContractRow> {
  const a = actorsOf(acc);
  const c = must(await svc.createDraft(env.ctx, a.requester, spec));
  return driveFrom(env, acc, c, target);
}
