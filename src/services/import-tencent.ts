// R18 from Tencent Cloud's billing API: an admin stores the account's API key (sealed, never in clear), and a sync
// reads the account's deals page by page through the vendor's SDK and imports them with importItems, by the same rules
// as a file (a held item never changes, re-reading changes nothing, one audit row per import). A sync asks for the
// deals since a week before the last one's end (the first: a year back), in windows of 90 days, as the API advises.
import { eq, isNotNull } from 'drizzle-orm';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Db } from '../db/client.js';
import { tencentBilling, type TencentBillingRow } from '../db/schema.js';
import type { Messages } from '../domain/errors.js';
import { readExport } from '../domain/import-table.js';
import {
  beijingTime,
  checkTencentKey,
  type Deal,
  dealsTable,
  keyHint,
  refusalsByOrder,
  syncWindows,
  TENCENT_WORDS,
  tencentProblem,
  tencentProblemMessage,
} from '../domain/import-tencent.js';
import { localDay } from '../domain/local-time.js';
import type { Actor } from '../domain/types.js';
import { requireAdmin } from './access.js';
import { type Ctx, inTransaction, refuse } from './context.js';
import { loadAccount } from './create-draft.js';
import { importItems, type ImportSummary } from './import.js';
import { recordChange } from './trail.js';

export type { SecretBox };

/** One page of DescribeDealsByCond (src/tencent/billing-api.ts); throws an error with the API's `code`. */
export interface DealsReader {
  describeDeals(
    key: { secretId: string; secretKey: string },
    q: { startTime: string; endTime: string; page: number; limit: number },
  ): Promise<{ deals: Deal[]; totalCount: number }>;
}

export interface TencentSyncDeps {
  box: SecretBox | null;
  api: DealsReader;
  /** Waits before a throttled page is asked again (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /** The sandbox only: the key its stand-in of Tencent Cloud knows, shown in the key modal to try the sync with. */
  demoKey?: { secretId: string; secretKey: string };
}

type UserActor = Extract<Actor, { type: 'user' }>;
export const TENCENT_SYNC_ACTOR: Actor = { type: 'system', name: 'tencent-billing' };

const KEY_ACTION = { zh: '设置腾讯云 API 密钥', en: 'set the Tencent Cloud API key' };
const SYNC_ACTION = { zh: '从腾讯云同步订单', en: 'sync orders from Tencent Cloud' };
const PAGE = 1000;
const FIRST_SYNC_DAYS = 365;
const OVERLAP_DAYS = 7;
const THROTTLE_RETRIES = 3;

const sealContext = (accountId: string) => `tencent-billing:${accountId}`;

export type TencentOutcome =
  | { ok: true; at: string; rows: number; added: number; updated: number; unchanged: number; refused: number }
  /** `told`: the admins were sent this failure (its code) by DM; they are not sent it again until a sync succeeds. */
  | { ok: false; at: string; code: string; message: Messages; told?: boolean };

export interface TencentStatus {
  keyHint: string;
  setBy: string;
  setAt: Date;
  lastRunAt: Date | null;
  lastOutcome: TencentOutcome | null;
}

export async function tencentStatus(db: Db, accountId: string): Promise<TencentStatus | null> {
  const [row] = await db.select().from(tencentBilling).where(eq(tencentBilling.accountId, accountId));
  if (!row) return null;
  return { keyHint: row.keyHint, setBy: row.setBy, setAt: row.setAt, lastRunAt: row.lastRunAt, lastOutcome: row.lastOutcome as TencentOutcome | null };
}

/** Field-level refusals of a key as typed (under SecretId or SecretKey). */
export type KeyRefusal = { field: 'secretId' | 'secretKey' | null; message: Messages };

/** Stores the key (sealed) for an admin of a Tencent Cloud account, with an audit row naming its hint only. */
export async function setTencentKey(
  ctx: Ctx,
  actor: UserActor,
  accountId: string,
  key: { secretId: string; secretKey: string },
  box: SecretBox | null,
): Promise<{ ok: true } | { ok: false; refusal: KeyRefusal }> {
  const bad = checkTencentKey(key.secretId, key.secretKey);
  if (bad.secretId) return { ok: false, refusal: { field: 'secretId', message: bad.secretId } };
  if (bad.secretKey) return { ok: false, refusal: { field: 'secretKey', message: bad.secretKey } };
  if (!box) return { ok: false, refusal: { field: null, message: TENCENT_WORDS.noCipher } };
  const secretId = key.secretId.trim();
  const sealed = box.seal(JSON.stringify({ secretId, secretKey: key.secretKey.trim() }), sealContext(accountId));
  const r = await inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, KEY_ACTION);
    const account = await loadAccount(tx, accountId);
    if (account.vendor !== 'tencent') refuse('INVALID_INPUT', { detail: TENCENT_WORDS.notTencent });
    const at = ctx.clock();
    const values = { sealedKey: sealed, keyHint: keyHint(secretId), setBy: actor.userId, setAt: at };
    await tx
      .insert(tencentBilling)
      .values({ accountId, ...values })
      .onConflictDoUpdate({ target: tencentBilling.accountId, set: values });
    await recordChange(tx, { accountId, contractId: null, actor, action: 'tencentKeySet', detail: { key: values.keyHint }, at });
  });
  return r.ok ? { ok: true } : { ok: false, refusal: { field: null, message: r.error.message } };
}

/** A sync either imported (the summary) or did not (why, in both languages, and the API's code when it gave one). */
export type TencentSyncResult = { ok: true; value: TencentSyncSummary } | { ok: false; code: string; message: Messages };

export interface TencentSyncSummary extends ImportSummary {
  /** The windows asked, Beijing time. */
  from: string;
  to: string;
}

class SyncProblem extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(code);
  }
}

async function readAllDeals(deps: TencentSyncDeps, key: { secretId: string; secretKey: string }, windows: ReturnType<typeof syncWindows>): Promise<Deal[]> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const deals: Deal[] = [];
  for (const w of windows) {
    for (let page = 0; ; page++) {
      let got: { deals: Deal[]; totalCount: number } | null = null;
      for (let attempt = 0; !got; attempt++) {
        try {
          got = await deps.api.describeDeals(key, { ...w, page, limit: PAGE });
        } catch (e) {
          const code = String((e as { code?: unknown }).code ?? 'Network');
          // 20 requests a second is the API's limit: a throttled page waits and asks again, a few times.
          if (tencentProblem(code) === 'throttled' && attempt < THROTTLE_RETRIES) {
            await sleep(1000 * 2 ** attempt);
            continue;
          }
          throw new SyncProblem(code, (e as Error).message ?? '');
        }
      }
      deals.push(...got.deals);
      if (got.deals.length < PAGE || (page + 1) * PAGE >= got.totalCount) break;
    }
  }
  return deals;
}

/**
 * A sync that did not go through. The scheduled one tells the account's admins by DM, with the audit row, in the same
 * transaction as the outcome, unless the last outcome was this same failure (its code) and they were told of it: one
 * DM per distinct failure until a sync succeeds, not one a day. A sync from the modal tells nobody (the admin reads it
 * there) and keeps the mark, so the next day's same failure stays untold.
 */
async function recordFailure(ctx: Ctx, accountId: string, f: { at: string; code: string; message: Messages }, scheduled: boolean): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(tencentBilling).where(eq(tencentBilling.accountId, accountId)).for('update');
    const last = (row?.lastOutcome ?? null) as TencentOutcome | null;
    const toldBefore = Boolean(last && !last.ok && last.code === f.code && last.told);
    const tell = scheduled && !toldBefore;
    const outcome: TencentOutcome = { ok: false, ...f, told: toldBefore || tell };
    await tx
      .update(tencentBilling)
      .set({ lastRunAt: new Date(f.at), lastOutcome: outcome })
      .where(eq(tencentBilling.accountId, accountId));
    if (tell)
      await recordChange(tx, {
        accountId,
        contractId: null,
        actor: TENCENT_SYNC_ACTOR,
        action: 'tencentSyncFailed',
        detail: { code: f.code },
        notices: [{ topic: 'tencent.syncFailed', payload: f }],
        at: new Date(f.at),
      });
  });
}

async function recordOutcome(db: Db, accountId: string, outcome: TencentOutcome, through: Date | null): Promise<void> {
  await db
    .update(tencentBilling)
    .set({ lastRunAt: new Date(outcome.at), lastOutcome: outcome, ...(through ? { syncedThrough: through } : {}) })
    .where(eq(tencentBilling.accountId, accountId));
}

/**
 * Reads the account's deals since the last sync and imports them. The API's refusals (a wrong key, throttling past
 * the retries, no permission) come back as a refusal in both languages and are kept for the import modal to show.
 */
export async function syncTencentOrders(
  ctx: Ctx,
  actor: UserActor | typeof TENCENT_SYNC_ACTOR,
  accountId: string,
  deps: TencentSyncDeps,
): Promise<TencentSyncResult> {
  const pre = await inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, SYNC_ACTION);
    const account = await loadAccount(tx, accountId);
    const [row] = await tx.select().from(tencentBilling).where(eq(tencentBilling.accountId, accountId));
    return { row, vendor: account.vendor, timeZone: account.timeZone };
  });
  if (!pre.ok) return { ok: false, code: pre.error.code, message: pre.error.message };
  const { row, vendor, timeZone } = pre.value;
  if (vendor !== 'tencent') return { ok: false, code: 'NOT_TENCENT', message: TENCENT_WORDS.notTencent };
  if (!row) return { ok: false, code: 'NO_KEY', message: TENCENT_WORDS.noKey };
  const now = ctx.clock();
  const at = now.toISOString();
  const scheduled = actor === TENCENT_SYNC_ACTOR;
  const failed = async (code: string, message: Messages): Promise<TencentSyncResult> => {
    await recordFailure(ctx, accountId, { at, code, message }, scheduled);
    return { ok: false, code, message };
  };
  if (!deps.box) return failed('NO_CIPHER', TENCENT_WORDS.noCipher);
  let key: { secretId: string; secretKey: string };
  try {
    key = JSON.parse(deps.box.open(row.sealedKey, sealContext(accountId))) as { secretId: string; secretKey: string };
  } catch {
    // Sealed under another TOKEN_ENCRYPTION_KEY (the server's key was changed): only a new key helps.
    return failed('KEY_UNREADABLE', TENCENT_WORDS.keyUnreadable);
  }
  const since = row.syncedThrough ? new Date(row.syncedThrough.getTime() - OVERLAP_DAYS * 86_400_000) : new Date(now.getTime() - FIRST_SYNC_DAYS * 86_400_000);
  const windows = syncWindows(since, now);
  let deals: Deal[];
  try {
    deals = await readAllDeals(deps, key, windows);
  } catch (e) {
    if (!(e instanceof SyncProblem)) throw e;
    return failed(e.code, tencentProblemMessage(e.code, e.detail));
  }
  const { rows, ids } = dealsTable(deals);
  const from = beijingTime(since);
  const to = beijingTime(now);
  const fileName = `DescribeDealsByCond ${from.slice(0, 10)} – ${to.slice(0, 10)}`;
  if (!ids.length) {
    const outcome: TencentOutcome = { ok: true, at, rows: 0, added: 0, updated: 0, unchanged: 0, refused: 0 };
    await recordOutcome(ctx.db, accountId, outcome, now);
    return { ok: true, value: { kind: 'orders', fileName, rows: 0, added: 0, updated: 0, unchanged: 0, refused: [], from, to } };
  }
  const read = readExport('orders', rows, localDay(now, timeZone));
  if (!read.ok) throw new Error(`the billing API's deals did not read as orders: ${read.error.en}`);
  const imported = await importItems(ctx, actor, accountId, {
    kind: 'orders',
    fileName,
    sha256: '-',
    rows: read.rows,
    valid: read.valid,
    errors: refusalsByOrder(read.errors, ids),
    idColumn: 'OrderId',
  });
  if (!imported.ok) return { ok: false, code: imported.error.code, message: imported.error.message };
  const s = imported.value;
  // Refusals of the plan (an order a live contract holds) name the order too.
  const refused = refusalsByOrder(s.refused, ids);
  const refusedRows = new Set(refused.map((e) => e.row)).size;
  await recordOutcome(ctx.db, accountId, { ok: true, at, rows: s.rows, added: s.added, updated: s.updated, unchanged: s.unchanged, refused: refusedRows }, now);
  return { ok: true, value: { ...s, refused, from, to } };
}

/** The scheduled sync: every Tencent Cloud account with a key, one after another; each outcome kept on its row. */
export async function syncAllTencentAccounts(ctx: Ctx, deps: TencentSyncDeps): Promise<{ accountId: string; ok: boolean; code?: string }[]> {
  const rows: Pick<TencentBillingRow, 'accountId'>[] = await ctx.db
    .select({ accountId: tencentBilling.accountId })
    .from(tencentBilling)
    .where(isNotNull(tencentBilling.sealedKey));
  const out: { accountId: string; ok: boolean; code?: string }[] = [];
  for (const { accountId } of rows) {
    const r = await syncTencentOrders(ctx, TENCENT_SYNC_ACTOR, accountId, deps);
    out.push(r.ok ? { accountId, ok: true } : { accountId, ok: false, code: r.code });
  }
  return out;
}
