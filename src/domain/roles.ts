// People's roles in an account (R17, issue 24): which roles an account needs filled, given its vendor, subject and
// approval policy, and which of them a change left empty. Pure: the services count the holders.
import { type DomainError, domainError, type Messages } from './errors.js';
import { FIELD_LABEL } from './inputs.js';
import { KIND_LABEL } from './labels.js';
import type { ApprovalPolicy } from './rules.js';
import type { Kind, SubjectType } from './types.js';
import { type Vendor, vendorProfile } from './vendors.js';

/** Who may set a workspace up (R17): whoever installed the app, or a workspace owner or admin as Slack says. */
export type SetupRight = 'installer' | 'owner' | 'admin';

export const ROLES = ['admin', 'approver', 'esignAdmin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, Messages> = {
  admin: { zh: '管理员', en: 'admin' },
  approver: { zh: '审批人', en: 'approver' },
  esignAdmin: { zh: '企业电子签管理员', en: 'e-sign administrator' },
};

/** Approvals are on when any kind needs one or an amount rule is set: then somebody must be there to approve. */
export const approvalsOn = (p: ApprovalPolicy): boolean => p.kinds.length > 0 || p.minTotalCents !== null;

/**
 * R8: signers of an enterprise are authorised by its e-sign administrator, and only the dual channel has the
 * customer sign. A vendor without it (QingCloud: its contracts are sealed by the vendor alone) or a personal account
 * (a person signs for themself) has no e-sign administrator.
 */
export const esignAdminApplies = (a: { vendor: Vendor; subjectType: SubjectType }): boolean =>
  vendorProfile(a.vendor).channels.includes('dual_seal') && a.subjectType === 'enterprise';

/** The roles this account cannot do without: an admin always, an approver while approvals are on, an e-sign admin where signers need one. */
export function rolesNeeded(a: { vendor: Vendor; subjectType: SubjectType; approvalKinds: readonly string[]; approvalMinTotalCents: number | null }): Role[] {
  const out: Role[] = ['admin'];
  if (approvalsOn({ kinds: a.approvalKinds as Kind[], minTotalCents: a.approvalMinTotalCents })) out.push('approver');
  if (esignAdminApplies(a)) out.push('esignAdmin');
  return out;
}

/** The needed roles nobody holds any more. */
export const emptyRoles = (needed: readonly Role[], holders: Record<Role, number>): Role[] => needed.filter((r) => holders[r] === 0);

/** Kinds an approval policy may name for this vendor: its own kinds only (R1a). */
export const policyKinds = (vendor: Vendor, kinds: readonly Kind[]): Kind[] => kinds.filter((k) => vendorProfile(vendor).kinds.includes(k));

/** Who holds which role, and the policy, as set-up and settings save them. */
export interface RolesAndPolicy {
  admins: readonly string[];
  approvers: readonly string[];
  esignAdmins: readonly string[];
  approvalKinds: readonly Kind[];
  approvalMinTotalCents: number | null;
}

/** Slack user ids as Slack makes them (U…, W… for org users): anything else is not a person picked in a select. */
export const isSlackUserId = (id: string): boolean => /^[UW][A-Z0-9]{2,20}$/.test(id);

/**
 * A policy somebody can satisfy, with roles this account has (issue 26): approvals on need an approver, an account
 * needs an admin, a vendor offers its own kinds only, and only an enterprise on a dual-channel vendor has e-sign
 * administrators. The refusal names the field it belongs under.
 */
export function checkRolesAndPolicy(
  a: { vendor: Vendor; subjectType: SubjectType },
  r: RolesAndPolicy,
): { field: 'admins' | 'approvers' | 'esignAdmins' | 'approvalKinds' | 'approvalMin'; error: DomainError } | null {
  const p = vendorProfile(a.vendor);
  const foreign = r.approvalKinds.find((k) => !p.kinds.includes(k));
  if (foreign) {
    const kinds = { zh: p.kinds.map((k) => KIND_LABEL[k].zh).join('、'), en: p.kinds.map((k) => KIND_LABEL[k].en).join(', ') };
    return { field: 'approvalKinds', error: domainError('VENDOR_KIND_UNSUPPORTED', { vendor: p.name, kind: KIND_LABEL[foreign], kinds }) };
  }
  const min = r.approvalMinTotalCents;
  if (min !== null && (!Number.isSafeInteger(min) || min < 0)) {
    return { field: 'approvalMin', error: domainError('AMOUNT_INVALID', { field: FIELD_LABEL.approvalMin }) };
  }
  for (const [field, ids] of [
    ['admins', r.admins],
    ['approvers', r.approvers],
    ['esignAdmins', r.esignAdmins],
  ] as const) {
    if (ids.some((id) => !isSlackUserId(id)))
      return { field, error: domainError('INVALID_INPUT', { detail: { zh: '找不到这位 Slack 成员', en: 'that Slack member was not found' } }) };
  }
  if (!r.admins.length) return { field: 'admins', error: domainError('ADMIN_REQUIRED') };
  if (approvalsOn({ kinds: r.approvalKinds, minTotalCents: min }) && !r.approvers.length)
    return { field: 'approvers', error: domainError('POLICY_NO_APPROVER') };
  if (r.esignAdmins.length && !esignAdminApplies(a)) {
    const detail = { zh: `${p.name.zh}账号没有企业电子签管理员`, en: `a ${p.name.en} account has no e-sign administrator` };
    return { field: 'esignAdmins', error: domainError('INVALID_INPUT', { detail }) };
  }
  return null;
}
