// R17: a workspace becomes an account here, in one transaction with its audit row; an admin changes the account as
// set up (vendor fixed once a contract exists); a member Slack deactivated loses every role, and the admins hear of
// a role it left empty.
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type AccountRow, accounts, contracts, members, partyAProfiles } from '../db/schema.js';
import { domainError, type Result } from '../domain/errors.js';
import { accountSetupForm, firstError, parseInput } from '../domain/inputs.js';
import { checkRolesAndPolicy, emptyRoles, esignAdminApplies, policyKinds, type Role, ROLES, rolesNeeded, type SetupRight } from '../domain/roles.js';
import { type Actor, type Kind, SUBJECT_TYPES, type SubjectType } from '../domain/types.js';
import { type Vendor, vendorProfile, VENDORS } from '../domain/vendors.js';
import { requireAdmin, roleHolders } from './access.js';
import { applySubjectChange, type RoleChoices, throwFieldRefusal, writeRoleSet } from './account-admin.js';
import { type Ctx, inTransaction, refuse } from './context.js';
import { recordChange } from './trail.js';

/** Page one of the set-up: the account at its vendor, its verified subject and Party A, language and zone. */
export interface AccountSetup {
  vendor: Vendor;
  cloudAccountId: string;
  verifiedSubject: string;
  subjectType: SubjectType;
  address: string;
  contactName: string;
  phone: string;
  email: string;
  language: 'zh' | 'en';
  timeZone: string;
}

/** Page two: the notification channel, the roles, the approval policy and the paper address. */
export interface PolicySetup extends RoleChoices {
  admins: string[];
  esignAdmins: string[];
  notificationChannel: string | null;
  approvalKinds: Kind[];
  approvalMinTotalCents: number | null;
  vendorPaperAddress: string | null;
}

const SLACK: Actor = { type: 'system', name: 'slack' };

/**
 * Page one's values, checked as the form checks them; the first refusal carries the field it belongs under.
 * `byVendor`: the account ID is checked against the vendor too (not before a change of vendor is known to be allowed).
 */
function checkAccount(a: AccountSetup, byVendor = true): AccountSetup {
  const parsed = parseInput(accountSetupForm(byVendor ? a.vendor : ''), {
    cloudAccountId: a.cloudAccountId,
    verifiedSubject: a.verifiedSubject,
    address: a.address,
    contactName: a.contactName,
    phone: a.phone,
    email: a.email,
    timeZone: a.timeZone,
  });
  if (!parsed.ok) {
    const [field] = Object.keys(parsed.errors);
    throwFieldRefusal({ field: field ?? 'cloudAccountId', error: firstError(parsed.errors) });
  }
  const bad = (field: string) =>
    throwFieldRefusal({ field, error: domainError('INVALID_INPUT', { detail: { zh: '无法读取此项', en: 'this could not be read' } }) });
  if (!VENDORS.includes(a.vendor)) bad('vendor');
  if (!SUBJECT_TYPES.includes(a.subjectType)) bad('subjectType');
  if (a.language !== 'zh' && a.language !== 'en') bad('language');
  return { ...a, ...(parsed.ok ? parsed.value : {}) };
}

/**
 * R17: the workspace's account, its Party A profile and its people, with the audit row, in one transaction. The
 * person setting up becomes an admin. A second set-up of the same workspace (two admins at once) is refused.
 */
export function setUpAccount(
  ctx: Ctx,
  by: { teamId: string; userId: string; right: SetupRight },
  input: { account: AccountSetup; policy: PolicySetup },
): Promise<Result<AccountRow>> {
  return inTransaction(
    ctx,
    async (tx) => {
      const a = checkAccount(input.account);
      const p = input.policy;
      const roles = {
        admins: [...new Set([by.userId, ...p.admins])],
        approvers: [...new Set(p.approvers)],
        esignAdmins: [...new Set(p.esignAdmins)],
      };
      throwFieldRefusal(checkRolesAndPolicy(a, { ...roles, approvalKinds: p.approvalKinds, approvalMinTotalCents: p.approvalMinTotalCents }));
      const paper = vendorProfile(a.vendor).paperCopies ? p.vendorPaperAddress?.trim() || null : null;
      const [account] = await tx
        .insert(accounts)
        .values({
          slackTeamId: by.teamId,
          vendor: a.vendor,
          cloudAccountId: a.cloudAccountId,
          verifiedSubject: a.verifiedSubject,
          subjectType: a.subjectType,
          language: a.language,
          timeZone: a.timeZone,
          notificationChannel: p.notificationChannel,
          approvalKinds: p.approvalKinds,
          approvalMinTotalCents: p.approvalMinTotalCents,
          vendorPaperAddress: paper,
        })
        .returning();
      const accountId = account!.id;
      const actor: Actor = { type: 'user', accountId, userId: by.userId };
      const now = ctx.clock();
      const partyA = { address: a.address, contactName: a.contactName, phone: a.phone, email: a.email };
      await tx.insert(partyAProfiles).values({ accountId, ...partyA, updatedAt: now, updatedBy: by.userId });
      await writeRoleSet(tx, ctx, actor, accountId, [], roles, p.names ?? {});
      const detail = {
        ...a,
        ...roles,
        notificationChannel: p.notificationChannel,
        approvalKinds: p.approvalKinds,
        approvalMinTotalCents: p.approvalMinTotalCents,
      };
      await recordChange(tx, {
        accountId,
        contractId: null,
        actor,
        action: 'accountSetUp',
        detail: { ...detail, vendorPaperAddress: paper, right: by.right },
        at: now,
      });
      return account!;
    },
    async (info) => (info.constraint === 'accounts_slack_team_id_unique' ? domainError('R17_ALREADY_SET_UP') : null),
  );
}

/** The account's first contract, if any: while there is none, the vendor and subject type may still change. */
export async function firstContractNumber(q: Tx | Ctx['db'], accountId: string): Promise<string | null> {
  const [c] = await q.select({ number: contracts.number }).from(contracts).where(eq(contracts.accountId, accountId)).orderBy(asc(contracts.createdAt)).limit(1);
  return c?.number ?? null;
}

/**
 * An admin changes page one of the set-up (from settings). The vendor and subject type are fixed once any contract
 * exists (R17; the database refuses it too); a new verified subject follows R5; Party A's profile is saved with it.
 */
export function updateAccountSetup(ctx: Ctx, actor: Actor, accountId: string, input: AccountSetup): Promise<Result<AccountRow>> {
  return inTransaction(
    ctx,
    async (tx) => {
      await requireAdmin(tx, actor, accountId, { zh: '修改账号设置', en: 'change the account set-up' });
      const a = checkAccount(input, false);
      const [before] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for('update');
      if (!before) refuse('ACCOUNT_NOT_FOUND');
      const first = a.vendor !== before.vendor || a.subjectType !== before.subjectType ? await firstContractNumber(tx, accountId) : null;
      if (first && a.vendor !== before.vendor)
        throwFieldRefusal({ field: 'vendor', error: domainError('R17_VENDOR_FIXED', { number: first, vendor: vendorProfile(before.vendor).name }) });
      if (first && a.subjectType !== before.subjectType)
        throwFieldRefusal({ field: 'subjectType', error: domainError('R17_SUBJECT_TYPE_FIXED', { number: first }) });
      checkAccount(input); // the vendor may be what was asked for: its account ID must look like one of its own
      const now = ctx.clock();
      let account = await applySubjectChange(tx, ctx, actor, before, a.verifiedSubject);
      const vendorChanged = a.vendor !== before.vendor;
      const [updated] = await tx
        .update(accounts)
        .set({
          vendor: a.vendor,
          cloudAccountId: a.cloudAccountId,
          subjectType: a.subjectType,
          language: a.language,
          timeZone: a.timeZone,
          // Another vendor's kinds and paper copies do not carry over (R1a).
          ...(vendorChanged ? { approvalKinds: policyKinds(a.vendor, account.approvalKinds as Kind[]) } : {}),
          ...(vendorChanged && !vendorProfile(a.vendor).paperCopies ? { vendorPaperAddress: null } : {}),
        })
        .where(eq(accounts.id, accountId))
        .returning();
      account = updated!;
      const { rows: current, held } = await roleHolders(tx, accountId);
      if (!esignAdminApplies(account)) {
        // No e-sign administrators where nobody signs for the company (a QingCloud or a personal account).
        if (held.esignAdmins.length) await writeRoleSet(tx, ctx, actor, accountId, current, { ...held, esignAdmins: [] }, {});
      }
      const partyA = { address: a.address, contactName: a.contactName, phone: a.phone, email: a.email };
      await tx
        .insert(partyAProfiles)
        .values({ accountId, ...partyA, updatedAt: now, updatedBy: actor.type === 'user' ? actor.userId : 'system' })
        .onConflictDoUpdate({ target: partyAProfiles.accountId, set: { ...partyA, updatedAt: now } });
      const changed = Object.fromEntries(
        (['vendor', 'cloudAccountId', 'subjectType', 'language', 'timeZone'] as const)
          .filter((k) => before[k] !== a[k])
          .map((k) => [k, { from: before[k], to: a[k] }]),
      );
      await recordChange(tx, { accountId, contractId: null, actor, action: 'accountSetUpChanged', detail: { ...changed, partyA }, at: now });
      return account;
    },
    // The database's own guard (a contract created at the same moment as the vendor change).
    async (info) =>
      info.constraint === 'accounts_vendor_fixed' ? domainError('R17_VENDOR_FIXED', { number: '—', vendor: { zh: '原云厂商', en: 'the vendor' } }) : null,
  );
}

/**
 * Slack deactivated a member (users.info deleted, the user_change event): every role goes, with its audit row. When
 * that leaves a role the account needs with nobody, the admins are told; with no admin left, `fallback` (whoever
 * installed the app, or the workspace's admins) is. Null when the member held no role here.
 */
export function memberDeactivated(
  ctx: Ctx,
  accountId: string,
  userId: string,
  o: { name?: string; fallback: string[] },
): Promise<Result<{ lost: Role[]; emptied: Role[] } | null>> {
  return inTransaction(ctx, async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for('update');
    if (!account) refuse('ACCOUNT_NOT_FOUND');
    const [m] = await tx
      .select()
      .from(members)
      .where(and(eq(members.accountId, accountId), eq(members.slackUserId, userId)));
    if (!m || !(m.isAdmin || m.isApprover || m.isEsignAdmin)) return null;
    const lost = ROLES.filter((r) => (r === 'admin' ? m.isAdmin : r === 'approver' ? m.isApprover : m.isEsignAdmin));
    await tx
      .update(members)
      .set({ isAdmin: false, isApprover: false, isEsignAdmin: false })
      .where(and(eq(members.accountId, accountId), eq(members.slackUserId, userId)));
    const { held } = await roleHolders(tx, accountId);
    const count = { admin: held.admins.length, approver: held.approvers.length, esignAdmin: held.esignAdmins.length };
    const emptied = emptyRoles(rolesNeeded(account), count).filter((r) => lost.includes(r));
    const name = o.name || m.displayName;
    const fallback = o.fallback.filter((id) => id !== userId);
    await recordChange(tx, {
      accountId,
      contractId: null,
      actor: SLACK,
      action: 'memberDeactivated',
      detail: { userId, lost, emptied },
      notices: emptied.length ? [{ topic: 'roles.emptied', payload: { userId, name, roles: emptied, fallback } }] : [],
      at: ctx.clock(),
    });
    return { lost, emptied };
  });
}
