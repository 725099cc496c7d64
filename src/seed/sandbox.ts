// The sandbox's workspace: the demo account, plus what a newcomer needs to try the interesting flows at once:
// an effective framework contract (orders and filings build on it) and approvals switched on for every other kind.
import type { Actor } from '../domain/types.js';
import type { Ctx } from '../services/context.js';
import * as svc from '../services/index.js';
import { DEMO_USERS, seedDemoAccount, type SeededAccount } from './demo.js';

/** The QingCloud account's own notification channel, so its threads don't mix with the Tencent account's. */
export const QING_CHANNEL = { id: 'C0QINGCLOUD', name: 'qingcloud-contracts' } as const;

/** The demo people, with the Slack language each reads in: two read English, so both languages show in the sandbox. */
export const SANDBOX_USERS = [
  { ...DEMO_USERS.requester, role: 'Requester · 申请人', locale: 'zh-CN' },
  { ...DEMO_USERS.approver, role: 'Approver · 审批人', locale: 'en-US' },
  { ...DEMO_USERS.approver2, role: 'Approver · 审批人', locale: 'zh-CN' },
  { ...DEMO_USERS.signer, role: 'Signer · 签署人', locale: 'zh-CN' },
  { ...DEMO_USERS.admin, role: 'Admin, e-sign admin · 管理员、电子签管理员', locale: 'zh-CN' },
  { ...DEMO_USERS.requester2, role: 'Colleague · 同事', locale: 'en-US' },
];

export async function seedSandboxWorkspace(ctx: Ctx, teamId: string): Promise<SeededAccount> {
  const acc = await seedDemoAccount(ctx.db, { teamId, approvalKinds: [] });
  const admin: Actor = { type: 'user', accountId: acc.accountId, userId: DEMO_USERS.admin.id };
  const system: Actor = { type: 'system', name: 'sandbox-seed' };
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
    if (!r.ok) throw new Error(`sandbox seed refused: ${r.error.code}`);
    return r.value;
  };
  const f = must(await svc.createDraft(ctx, admin, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
  must(await svc.draftGenerated(ctx, system, f.id));
  must(await svc.convert(ctx, admin, f.id));
  must(await svc.vendorSealed(ctx, system, f.id));
  must(await svc.saveSettingsKeepRoles(ctx, admin, acc.accountId, { approvalKinds: ['order', 'filing'] }));
  return acc;
}

/**
 * The sandbox's second workspace (R1a): the same company as a QingCloud customer, a separate account, as a company
 * with both vendors has. No framework first (R3 is Tencent's) and no approvals, so its flow (R15) shows at once.
 */
export async function seedSandboxQingCloud(ctx: Ctx, teamId: string): Promise<SeededAccount> {
  return seedDemoAccount(ctx.db, { teamId, vendor: 'qingcloud', notificationChannel: QING_CHANNEL.id, approvalKinds: [], seed: 20261201 });
}
