// Create a contract draft of any kind on either seal channel (R1-R5, R7, R11-R13).
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { type AccountRow, accounts, contractItems, contractNumbers, type ContractRow, contracts, filingNumbers, orders, partyAProfiles } from '../db/schema.js';
import { type DomainError, domainError, type Result } from '../domain/errors.js';
import { PARTY_A_FIELD_LABEL } from '../domain/labels.js';
import { awaitsEsign, initialState } from '../domain/lifecycle.js';
import { localDay } from '../domain/local-time.js';
import {
  checkEsignActivated,
  checkFilings,
  checkFramework,
  checkKindChannel,
  checkOrderCount,
  checkOrders,
  checkPartyADetails,
  checkPartyAName,
  checkSubjectChange,
  formatContractNumber,
  itemHeld,
} from '../domain/rules.js';
import type { Actor, ItemKind, Kind, OrderType, PartyA, SealChannel } from '../domain/types.js';
import { type Ctx, inTransaction, Refusal, refuse, unwrap } from './context.js';
import { followImmediately } from './immediate.js';
import { refuseUnprintable } from './refuse-unprintable.js';
import { recordChange } from './trail.js';
import { statusNotice } from './transition-writer.js';

export interface CreateDraftInput {
  kind: Kind;
  channel: SealChannel;
  /** Order ids, or filing numbers for a filing contract; none for a framework contract. */
  itemIds: string[];
  /** Party A as the requester typed it (vendor channel); the rest comes from the profile. */
  partyA?: Partial<PartyA>;
}

type UserActor = Extract<Actor, { type: 'user' }>;

interface Item {
  ref: string;
  amountCents: number | null;
}

export async function loadAccount(tx: Tx, accountId: string): Promise<AccountRow> {
  const [a] = await tx.select().from(accounts).where(eq(accounts.id, accountId));
  if (!a) refuse('ACCOUNT_NOT_FOUND');
  return a;
}

/** The account's framework contract that still counts (R2): neither voided nor deleted. */
async function validFramework(tx: Queryable, accountId: string): Promise<ContractRow | null> {
  const [f] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.accountId, accountId), eq(contracts.kind, 'framework'), notInArray(contracts.status, ['voided', 'deleted'])));
  return f ?? null;
}

/** Party A for a contract: the verified subject's name (R4) and the profile's details, overridden by what was typed. */
export async function partyASnapshot(tx: Tx, account: AccountRow, typed: Partial<PartyA> = {}): Promise<PartyA> {
  unwrap(checkPartyAName(typed.name, account.verifiedSubject));
  const [profile] = await tx.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, account.id));
  const pick = (k: 'address' | 'contactName' | 'phone' | 'email') => (typed[k] ?? profile?.[k] ?? '').trim();
  const details = { address: pick('address'), contactName: pick('contactName'), phone: pick('phone'), email: pick('email') };
  unwrap(checkPartyADetails(details));
  refuseUnprintable((['address', 'contactName', 'phone', 'email'] as const).map((k) => [k, PARTY_A_FIELD_LABEL[k], details[k]]));
  return { name: account.verifiedSubject, ...details };
}

async function chooseItems(tx: Tx, accountId: string, kind: Kind, ids: string[]): Promise<{ itemKind: ItemKind | null; items: Item[]; totalCents: number }> {
  if (kind === 'framework') {
    if (ids.length) refuse('ITEMS_NOT_ALLOWED');
    return { itemKind: null, items: [], totalCents: 0 };
  }
  if (kind === 'filing') {
    unwrap(checkFilings(ids.map((id) => ({ id }))));
    const found = await tx
      .select({ id: filingNumbers.id })
      .from(filingNumbers)
      .where(and(eq(filingNumbers.accountId, accountId), inArray(filingNumbers.id, ids)))
      // FOR SHARE: an import changing these rows waits for this contract, or this contract waits for the import.
      .for('share');
    const known = new Set(found.map((f) => f.id));
    // `!== undefined`: an empty id ('' from a forged form) is missing too, and falsy.
    const missing = ids.find((id) => !known.has(id));
    if (missing !== undefined) refuse('ITEM_NOT_FOUND', { item: missing });
    return { itemKind: 'filing', items: ids.map((ref) => ({ ref, amountCents: null })), totalCents: 0 };
  }
  // The count first: 31 orders are refused as too many whatever they are.
  unwrap(checkOrderCount(kind, ids.length));
  const rows = ids.length
    ? await tx
        .select()
        .from(orders)
        .where(and(eq(orders.accountId, accountId), inArray(orders.id, [...new Set(ids)])))
        .for('share')
    : [];
  const byId = new Map(rows.map((o) => [o.id, o]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing !== undefined) refuse('ITEM_NOT_FOUND', { item: missing });
  const chosen = ids.map((id) => byId.get(id)!);
  const { totalCents } = unwrap(checkOrders(kind, chosen));
  return { itemKind: 'order', items: chosen.map((o) => ({ ref: o.id, amountCents: o.amountCents })), totalCents };
}

/** R13, asked before writing so the refusal names the item and the contract that holds it. */
async function refuseOccupied(tx: Tx, accountId: string, itemKind: ItemKind, refs: string[]): Promise<void> {
  if (!refs.length) return;
  const [held] = await tx
    .select({ ref: contractItems.itemRef, number: contracts.number, status: contracts.status })
    .from(contractItems)
    .innerJoin(contracts, eq(contracts.id, contractItems.contractId))
    .where(
      and(eq(contractItems.accountId, accountId), eq(contractItems.itemKind, itemKind), eq(contractItems.live, true), inArray(contractItems.itemRef, refs)),
    )
    .limit(1);
  if (held) throw new Refusal(itemHeld(held.ref, held));
}

/**
 * The account's next number of its year (the year on its own clock: a Beijing company's 1 January starts at 16:00 UTC).
 * The upsert locks the account's counter row until this transaction ends: concurrent creations in one account take
 * their numbers one after another, and a creation that rolls back gives its number back, so there is no gap.
 */
async function nextContractNumber(tx: Tx, account: AccountRow, now: Date): Promise<string> {
  const year = Number(localDay(now, account.timeZone).slice(0, 4));
  const [row] = await tx
    .insert(contractNumbers)
    .values({ accountId: account.id, year, last: 1 })
    .onConflictDoUpdate({ target: [contractNumbers.accountId, contractNumbers.year], set: { last: sql`${contractNumbers.last} + 1` } })
    .returning({ last: contractNumbers.last });
  return formatContractNumber(year, row!.last);
}

export async function createDraft(ctx: Ctx, actor: UserActor, input: CreateDraftInput): Promise<Result<ContractRow>> {
  return inTransaction(
    ctx,
    async (tx) => {
      const now = ctx.clock();
      const account = await loadAccount(tx, actor.accountId);
      unwrap(checkKindChannel(input.kind, input.channel, account.vendor));
      unwrap(checkSubjectChange(account.subjectChangePending));
      unwrap(checkEsignActivated(input.channel, account.subjectType, account.esignActivated, account.vendor));
      const framework = await validFramework(tx, account.id);
      unwrap(checkFramework(input.kind, framework && { number: framework.number, state: framework }, account.vendor));

      const { itemKind, items, totalCents } = await chooseItems(tx, account.id, input.kind, input.itemIds);
      if (itemKind)
        await refuseOccupied(
          tx,
          account.id,
          itemKind,
          items.map((i) => i.ref),
        );

      // The vendor channel generates its draft at once, so Party A is fixed now; the dual channel asks for it next.
      const partyA = input.channel === 'vendor_seal' ? await partyASnapshot(tx, account, input.partyA) : null;
      if (input.channel === 'dual_seal') unwrap(checkPartyAName(input.partyA?.name, account.verifiedSubject));

      const state = initialState(input.channel);
      const [c] = await tx
        .insert(contracts)
        .values({
          accountId: account.id,
          number: await nextContractNumber(tx, account, now),
          kind: input.kind,
          sealChannel: input.channel,
          vendor: account.vendor,
          status: state.status,
          subStatus: state.subStatus,
          partyA,
          totalCents,
          // QingCloud's kinds need no framework (R3 is Tencent's); they still refer to it when there is one.
          frameworkId: input.kind === 'framework' ? null : (framework?.id ?? null),
          requesterId: actor.userId,
          createdAt: now,
          updatedAt: now,
          nextPollAt: awaitsEsign(state) ? now : null,
        })
        .returning();
      if (!c) throw new Error('insert returned no contract');
      if (itemKind && items.length) {
        await tx
          .insert(contractItems)
          .values(items.map((i) => ({ contractId: c.id, accountId: account.id, itemKind, itemRef: i.ref, amountCents: i.amountCents })));
      }
      const detail = { kind: input.kind, channel: input.channel, items: items.map((i) => i.ref), totalCents };
      await recordChange(tx, {
        accountId: account.id,
        contractId: c.id,
        actor,
        action: 'create',
        from: null,
        to: state,
        detail,
        notices: [statusNotice(c, 'create', actor, null, state, detail)],
        at: now,
      });
      // R15: QingCloud's draft exists at once (no 3-minute generation).
      return followImmediately(ctx, tx, c);
    },
    // A concurrent request won the race the checks above could not see: say which rule it was.
    async (info) => {
      if (info.constraint === 'contracts_one_valid_framework') {
        const f = await validFramework(ctx.db, actor.accountId);
        return domainError('R2_FRAMEWORK_EXISTS', { number: f?.number ?? '' });
      }
      if (info.constraint === 'contract_items_one_live') {
        const taken = await ctx.db
          .select({ ref: contractItems.itemRef, number: contracts.number, status: contracts.status })
          .from(contractItems)
          .innerJoin(contracts, eq(contracts.id, contractItems.contractId))
          .where(and(eq(contractItems.accountId, actor.accountId), eq(contractItems.live, true), inArray(contractItems.itemRef, input.itemIds)))
          .limit(1);
        return itemHeld(taken[0]?.ref ?? '', { number: taken[0]?.number ?? '', status: taken[0]?.status ?? 'draft' });
      }
      return null;
    },
  );
}

/**
 * The wizard's first step: what creation would refuse for this kind and channel alone (R1, R2, R3, R5, R7), and the
 * field that chose it, so the person is told before choosing items. createDraft checks the same again, in its lock.
 */
export async function creationRefusal(
  q: Queryable,
  account: AccountRow,
  kind: Kind,
  channel: SealChannel,
): Promise<{ field: 'kind' | 'channel'; error: DomainError } | null> {
  const checks: ['kind' | 'channel', Result<void>][] = [
    ['channel', checkKindChannel(kind, channel, account.vendor)],
    ['channel', checkEsignActivated(channel, account.subjectType, account.esignActivated, account.vendor)],
    ['kind', checkSubjectChange(account.subjectChangePending)],
  ];
  for (const [field, r] of checks) if (!r.ok) return { field, error: r.error };
  const f = await validFramework(q, account.id);
  const fr = checkFramework(kind, f && { number: f.number, state: f }, account.vendor);
  return fr.ok ? null : { field: 'kind', error: fr.error };
}

export interface SelectedRecord {
  id: string;
  type: OrderType;
  createdOn: string;
  amountCents: number;
  product: string | null;
}

/**
 * The item step: the selection as createDraft would take it (R11 eligibility and total >= 0, R12, R13), checked
 * now so a refusal sits under the items while they can still be changed, and the picked orders as records to read
 * back (QingCloud's guide's 确认记录). Reads only.
 */
export function checkSelection(ctx: Ctx, accountId: string, kind: Kind, ids: string[]): Promise<Result<{ totalCents: number; records: SelectedRecord[] }>> {
  return inTransaction(ctx, async (tx) => {
    const { itemKind, items, totalCents } = await chooseItems(tx, accountId, kind, ids);
    if (itemKind)
      await refuseOccupied(
        tx,
        accountId,
        itemKind,
        items.map((i) => i.ref),
      );
    if (itemKind !== 'order' || !ids.length) return { totalCents, records: [] };
    const rows = await tx
      .select({ id: orders.id, type: orders.type, createdOn: orders.createdOn, amountCents: orders.amountCents, product: orders.product })
      .from(orders)
      .where(and(eq(orders.accountId, accountId), inArray(orders.id, ids)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { totalCents, records: ids.map((id) => byId.get(id)!).map((r) => ({ ...r, createdOn: String(r.createdOn), product: r.product ?? null })) };
  });
}
