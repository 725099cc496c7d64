// What admins keep: Party A profile, e-sign activation, subject changes (R5), roles and policies.
import { and, eq, notInArray } from 'drizzle-orm';
import { releaseHeldOutbox } from '../db/claims.js';
import type { Tx } from '../db/client.js';
import { type AccountRow, accounts, contracts, members, partyAProfiles, supplementaryAgreements } from '../db/schema.js';
import type { DomainError, Result } from '../domain/errors.js';
import { firstError, isTimeZone, PaperAddressForm, parseInput } from '../domain/inputs.js';
import { PARTY_A_FIELD_LABEL } from '../domain/labels.js';
import { checkRolesAndPolicy, esignAdminApplies, isSlackUserId } from '../domain/roles.js';
import { checkPartyADetails } from '../domain/rules.js';
import { type Actor, type Kind, KINDS, type PartyA, personOrSystem, SUPPLEMENTARY_KINDS, type SupplementaryKind } from '../domain/types.js';
import { type MemberRow, requireAdmin, roleHolders } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse, unwrap } from './context.js';
import { loadAccount } from './create-draft.js';
import { refuseUnprintable } from './refuse-unprintable.js';
import { recordChange, writeNotices } from './trail.js';

type Details = Omit<PartyA, 'name'>;

export function updatePartyAProfile(ctx: Ctx, actor: Actor, accountId: string, details: Details): Promise<Result<Details>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '修改甲方信息', en: 'edit Party A' });
    const clean = {
      address: details.address.trim(),
      contactName: details.contactName.trim(),
      phone: details.phone.trim(),
      email: details.email.trim(),
    };
    unwrap(checkPartyADetails(clean));
    refuseUnprintable((['address', 'contactName', 'phone', 'email'] as const).map((k) => [k, PARTY_A_FIELD_LABEL[k], clean[k]]));
    const now = ctx.clock();
    const by = personOrSystem(actor);
    await tx
      .insert(partyAProfiles)
      .values({ accountId, ...clean, updatedAt: now, updatedBy: by })
      .onConflictDoUpdate({ target: partyAProfiles.accountId, set: { ...clean, updatedAt: now, updatedBy: by } });
    await recordChange(tx, { accountId, contractId: null, actor, action: 'partyAProfileUpdated', detail: clean, at: now });
    return clean;
  });
}

/** R7: the admin activates e-sign once; the dual channel is open to the enterprise from then on. */
export function activateEsign(ctx: Ctx, actor: Actor, accountId: string): Promise<Result<AccountRow>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '激活电子签', en: 'activate e-sign' });
    const now = ctx.clock();
    const [a] = await tx.update(accounts).set({ esignActivated: true }).where(eq(accounts.id, accountId)).returning();
    if (!a) refuse('ACCOUNT_NOT_FOUND');
    await recordChange(tx, { accountId, contractId: null, actor, action: 'esignActivated', at: now });
    return a;
  });
}

/**
 * The real-name verification changed (the vendor tells us). With valid contracts in place (R5),
 * new contracts wait for a supplementary agreement.
 */
export function changeVerifiedSubject(ctx: Ctx, actor: Actor, accountId: string, newSubject: string): Promise<Result<AccountRow>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '变更实名认证主体', en: 'change the verified subject' });
    const name = newSubject.trim();
    if (!name || name.length > 200)
      refuse('INVALID_INPUT', { detail: { zh: '实名认证主体名称须为 1–200 个字', en: 'the verified subject takes 1–200 characters' } });
    refuseUnprintable([['name', PARTY_A_FIELD_LABEL.name, name]]);
    return applySubjectChange(tx, ctx, actor, await loadAccount(tx, accountId), name);
  });
}

/** R5 inside a caller's transaction: the new subject, and a block on new contracts while valid ones exist. */
export async function applySubjectChange(tx: Tx, ctx: Ctx, actor: Actor, account: AccountRow, name: string): Promise<AccountRow> {
  if (name === account.verifiedSubject) return account;
  const accountId = account.id;
  const valid = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.accountId, accountId), notInArray(contracts.status, ['voided', 'deleted'])))
    .limit(1);
  const pending = valid.length > 0 || account.subjectChangePending;
  const [a] = await tx
    .update(accounts)
    .set({ verifiedSubject: name, previousSubject: account.verifiedSubject, subjectChangePending: pending })
    .where(eq(accounts.id, accountId))
    .returning();
  await recordChange(tx, {
    accountId,
    contractId: null,
    actor,
    action: 'verifiedSubjectChanged',
    detail: { from: account.verifiedSubject, to: name, blocksNewContracts: pending },
    notices: pending ? [{ topic: 'account.subjectChanged', payload: { from: account.verifiedSubject, to: name } }] : [],
    at: ctx.clock(),
  });
  return a!;
}

/** R5: the assignment agreement (or the business-name-change letter) lifts the block. */
export function recordSupplementaryAgreement(
  ctx: Ctx,
  actor: Actor,
  accountId: string,
  input: { kind: SupplementaryKind; reference: string; signedOn?: string | null },
): Promise<Result<AccountRow>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '登记补充协议', en: 'record a supplementary agreement' });
    if (!SUPPLEMENTARY_KINDS.includes(input.kind))
      refuse('INVALID_INPUT', { detail: { zh: '补充协议类型不正确', en: 'the agreement kind is not one we know' } });
    const reference = input.reference.trim();
    if (!reference || reference.length > 200)
      refuse('INVALID_INPUT', { detail: { zh: '补充协议编号须为 1–200 个字', en: 'the agreement reference takes 1–200 characters' }, key: 'reference' });
    const signedOn = input.signedOn ?? null;
    if (signedOn !== null && !isPastDate(signedOn, ctx.clock()))
      refuse('INVALID_INPUT', { detail: { zh: '签署日期不能晚于今天', en: 'the signing date cannot be in the future' }, key: 'date' });
    const account = await loadAccount(tx, accountId);
    if (!account.subjectChangePending) refuse('R5_NO_CHANGE_PENDING');
    const now = ctx.clock();
    await tx.insert(supplementaryAgreements).values({
      accountId,
      kind: input.kind,
      reference,
      signedOn,
      previousSubject: account.previousSubject ?? '',
      newSubject: account.verifiedSubject,
      recordedBy: personOrSystem(actor),
      recordedAt: now,
    });
    const [a] = await tx.update(accounts).set({ subjectChangePending: false }).where(eq(accounts.id, accountId)).returning();
    await recordChange(tx, {
      accountId,
      contractId: null,
      actor,
      action: 'supplementaryAgreementRecorded',
      detail: { kind: input.kind, reference, signedOn, from: account.previousSubject, to: account.verifiedSubject },
      at: now,
    });
    return a!;
  });
}

export interface Settings {
  notificationChannel?: string | null;
  language?: 'zh' | 'en';
  timeZone?: string;
  approvalKinds?: Kind[];
  approvalMinTotalCents?: number | null;
  /** R14: where paper copies are mailed; null: not told yet. */
  vendorPaperAddress?: string | null;
}

/** Who holds each role, as the settings form sends it; a role left out stays as it is. */
export interface RoleChoices {
  approvers: string[];
  admins?: string[];
  esignAdmins?: string[];
  /** Names Slack gave the people picked, kept so the record and the trail name them. */
  names?: Record<string, string>;
}

/** A refusal that belongs under one field of the settings (or set-up) form. */
export type FieldRefusal = { field: string; error: DomainError };

export function saveSettingsKeepRoles(ctx: Ctx, actor: Actor, accountId: string, s: Settings): Promise<Result<AccountRow>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '修改设置', en: 'change settings' });
    const account = await writeSettings(tx, ctx, actor, accountId, s);
    const { held: roles } = await roleHolders(tx, accountId);
    throwFieldRefusal(
      checkRolesAndPolicy(account, { ...roles, approvalKinds: account.approvalKinds as Kind[], approvalMinTotalCents: account.approvalMinTotalCents }),
    );
    return account;
  });
}

/**
 * The settings modal in one transaction: the policy, channel and paper address, and who holds each role (only the
 * roles that change are written). A policy nobody can satisfy is refused (issue 26); approvers added while contracts
 * wait for approval are asked for them at once.
 */
export function saveSettingsAndRoles(ctx: Ctx, actor: Actor, accountId: string, s: Settings & RoleChoices): Promise<Result<AccountRow>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '修改设置', en: 'change settings' });
    const { approvers, esignAdmins, admins, names, ...settings } = s;
    const account = await writeSettings(tx, ctx, actor, accountId, settings);
    const { rows: current, held } = await roleHolders(tx, accountId);
    // An account without e-sign administrators (QingCloud, a person) keeps what it has: the form does not show them.
    const wanted = {
      admins: [...new Set(admins ?? held.admins)],
      approvers: [...new Set(approvers)],
      esignAdmins: [...new Set(esignAdminApplies(account) ? (esignAdmins ?? held.esignAdmins) : (esignAdmins ?? []))],
    };
    throwFieldRefusal(
      checkRolesAndPolicy(account, { ...wanted, approvalKinds: account.approvalKinds as Kind[], approvalMinTotalCents: account.approvalMinTotalCents }),
    );
    if (!esignAdminApplies(account)) wanted.esignAdmins = held.esignAdmins;
    await writeRoleSet(tx, ctx, actor, accountId, current, wanted, names ?? {});
    await askAddedApprovers(
      tx,
      accountId,
      wanted.approvers.filter((id) => !held.approvers.includes(id)),
      ctx.clock(),
    );
    return account;
  });
}

/** Each member's roles set to what the form says, one audit row per member whose roles change. */
export async function writeRoleSet(
  tx: Tx,
  ctx: Ctx,
  actor: Actor,
  accountId: string,
  current: MemberRow[],
  wanted: { admins: string[]; approvers: string[]; esignAdmins: string[] },
  names: Record<string, string>,
): Promise<void> {
  const has = (role: keyof typeof wanted, id: string) => wanted[role].includes(id);
  const holders = current.filter((m) => m.isAdmin || m.isApprover || m.isEsignAdmin).map((m) => m.slackUserId);
  for (const id of new Set([...wanted.admins, ...wanted.approvers, ...wanted.esignAdmins, ...holders])) {
    const m = current.find((x) => x.slackUserId === id);
    const next = { isAdmin: has('admins', id), isApprover: has('approvers', id), isEsignAdmin: has('esignAdmins', id) };
    if (next.isAdmin === Boolean(m?.isAdmin) && next.isApprover === Boolean(m?.isApprover) && next.isEsignAdmin === Boolean(m?.isEsignAdmin)) continue;
    // A name Slack just gave is kept; without one the member's stored name stays.
    const displayName = names[id];
    await writeRoles(tx, ctx, actor, accountId, { slackUserId: id, ...next, ...(displayName ? { displayName } : {}) });
  }
}

/** Issue 26: contracts already waiting for approval reach approvers added later (their own excepted). */
async function askAddedApprovers(tx: Tx, accountId: string, added: string[], now: Date): Promise<void> {
  if (!added.length) return;
  const waiting = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.accountId, accountId), eq(contracts.status, 'draft'), eq(contracts.subStatus, 'awaiting_approval')));
  for (const c of waiting) {
    const to = added.filter((id) => id !== c.requesterId);
    if (!to.length) continue;
    const payload = { number: c.number, kind: c.kind, totalCents: c.totalCents, requesterId: c.requesterId, version: c.version, to };
    await writeNotices(tx, accountId, c.id, [{ topic: 'approval.requested', payload }], now);
  }
}

/** A field's refusal thrown as the transaction's refusal, its field kept in the error's params for the form. */
export function throwFieldRefusal(r: FieldRefusal | null): void {
  if (r) throw new Refusal({ ...r.error, params: { ...r.error.params, formField: r.field } });
}

async function writeSettings(tx: Tx, ctx: Ctx, actor: Actor, accountId: string, s: Settings): Promise<AccountRow> {
  if (s.approvalKinds && !s.approvalKinds.every((k) => KINDS.includes(k)))
    refuse('INVALID_INPUT', { detail: { zh: '需要审批的合同类型不正确', en: 'the kinds that need approval are not valid' } });
  if (s.approvalMinTotalCents != null && (!Number.isSafeInteger(s.approvalMinTotalCents) || s.approvalMinTotalCents < 0)) {
    refuse('INVALID_INPUT', { detail: { zh: '审批金额须为不小于 0 的金额', en: 'the approval amount must be at least 0' } });
  }
  if (s.timeZone !== undefined && !isTimeZone(s.timeZone))
    refuse('INVALID_INPUT', { detail: { zh: `时区「${s.timeZone}」不正确`, en: `time zone "${s.timeZone}" is not valid` } });
  if (s.vendorPaperAddress != null) {
    const parsed = parseInput(PaperAddressForm, { vendorPaperAddress: s.vendorPaperAddress });
    if (!parsed.ok) throwFieldRefusal({ field: 'vendorPaperAddress', error: firstError(parsed.errors) });
    s = { ...s, vendorPaperAddress: parsed.ok ? parsed.value.vendorPaperAddress || null : null };
  }
  const [before] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for('update');
  if (!before) refuse('ACCOUNT_NOT_FOUND');
  const [a] = await tx.update(accounts).set(s).where(eq(accounts.id, accountId)).returning();
  if (!a) refuse('ACCOUNT_NOT_FOUND');
  // Notifications held because the old channel refused them are tried again at once, in the new one.
  if (s.notificationChannel !== undefined && s.notificationChannel !== before.notificationChannel) await releaseHeldOutbox(tx, accountId, ctx.clock());
  await recordChange(tx, { accountId, contractId: null, actor, action: 'settingsUpdated', detail: { ...s }, at: ctx.clock() });
  return a;
}

type Roles = { slackUserId: string; displayName?: string; isAdmin: boolean; isApprover: boolean; isEsignAdmin?: boolean };

export function setMemberRoles(ctx: Ctx, actor: Actor, accountId: string, m: Roles): Promise<Result<void>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '修改角色', en: 'change roles' });
    await writeRoles(tx, ctx, actor, accountId, m);
  });
}

async function writeRoles(tx: Tx, ctx: Ctx, actor: Actor, accountId: string, m: Roles): Promise<void> {
  if (!isSlackUserId(m.slackUserId)) refuse('INVALID_INPUT', { detail: { zh: '找不到这位 Slack 成员', en: 'that Slack member was not found' } });
  const row = {
    isAdmin: m.isAdmin,
    isApprover: m.isApprover,
    ...(m.isEsignAdmin !== undefined ? { isEsignAdmin: m.isEsignAdmin } : {}),
    ...(m.displayName !== undefined ? { displayName: m.displayName } : {}),
  };
  await tx
    .insert(members)
    .values({ accountId, slackUserId: m.slackUserId, ...row })
    .onConflictDoUpdate({ target: [members.accountId, members.slackUserId], set: row });
  await recordChange(tx, { accountId, contractId: null, actor, action: 'rolesChanged', detail: { ...m }, at: ctx.clock() });
}

/** A calendar day (YYYY-MM-DD) that exists and is not in the future: an agreement already signed. */
function isPastDate(day: string, now: Date): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && d.getTime() <= now.getTime() + 24 * 3600_000;
}

/** An admin fixed what Slack refused (invited the app, reinstalled it): the held notifications go out now. */
export function retryHeldNotifications(ctx: Ctx, actor: Actor, accountId: string): Promise<Result<number>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, { zh: '重试暂停的通知', en: 'retry held notifications' });
    const n = await releaseHeldOutbox(tx, accountId, ctx.clock());
    await recordChange(tx, { accountId, contractId: null, actor, action: 'heldNotificationsRetried', detail: { rows: n }, at: ctx.clock() });
    return n;
  });
}
