// R18: the account's own orders, monthly bills and ICP filing numbers from a vendor console's export. One transaction:
// what exists is read and locked, the plan (domain/import-plan.ts) decides each row, additions go in by one COPY
// (db/copy.ts: PostgreSQL's bulk path) and updates by one statement (arrays unnested), so 100,000 rows are a few round
// trips, not 100,000; one account-level audit row says who imported what. An item a live contract holds is never
// changed: its row is refused with the contract's number.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { copyRows } from '../db/copy.js';
import type { Result } from '../domain/errors.js';
import { type ExistingItem, planImport } from '../domain/import-plan.js';
import type { FilingItem, OrderItem, RowError, ValidRow } from '../domain/import-rows.js';
import type { ImportKind } from '../domain/import-words.js';
import { KIND_LABEL } from '../domain/labels.js';
import type { Actor } from '../domain/types.js';
import { vendorProfile } from '../domain/vendors.js';
import { requireAdmin } from './access.js';
import { type Ctx, inTransaction, refuse } from './context.js';
import { loadAccount } from './create-draft.js';
import { recordChange } from './trail.js';

export interface ImportInput {
  kind: ImportKind;
  fileName: string;
  /** SHA-256 of the file's bytes: the audit row names the exact file. */
  sha256: string;
  /** Data rows in the file (blank rows not counted). */
  rows: number;
  valid: ValidRow[];
  /** Rows the reading refused. */
  errors: RowError[];
  /** The id column's header as the file has it. */
  idColumn: string;
}

export interface ImportSummary {
  kind: ImportKind;
  fileName: string;
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Every refused row (unreadable, or holding a live contract's item), by row number. */
  refused: RowError[];
}

const IMPORT_ACTION = { zh: '导入订单、账单和备案号', en: 'import orders, bills and filing numbers' };
/** pg_advisory_xact_lock's class for imports: two imports of one account run one after the other. */
const IMPORT_LOCK_CLASS = 7_240_018;

type UserActor = Extract<Actor, { type: 'user' }>;
type SystemActor = Extract<Actor, { type: 'system' }>;

async function existingOrders(tx: Tx, accountId: string, ids: string[]): Promise<Map<string, ExistingItem>> {
  // FOR UPDATE: a contract being drafted reads these rows FOR SHARE, so either it sees the import or the import sees it.
  const rows = await tx.execute<{ id: string; type: OrderItem['type']; product: string; amount_cents: string; created_on: string; held_by: string | null }>(sql`
    select o.id, o.type, o.product, o.amount_cents, o.created_on::text as created_on,
      (select c.number from contract_items i join contracts c on c.id = i.contract_id
        where i.account_id = o.account_id and i.item_kind = 'order' and i.item_ref = o.id and i.live limit 1) as held_by
    from orders o
    where o.account_id = ${accountId} and o.id = any(${sql.param(ids)}::text[])
    for update of o`);
  return new Map(
    rows.map((r) => [
      r.id,
      { item: { id: r.id, type: r.type, product: r.product, amountCents: Number(r.amount_cents), createdOn: r.created_on }, heldBy: r.held_by },
    ]),
  );
}

async function existingFilings(tx: Tx, accountId: string, ids: string[]): Promise<Map<string, ExistingItem>> {
  const rows = await tx.execute<{ id: string; domain: string; created_on: string; held_by: string | null }>(sql`
    select f.id, f.domain, f.created_on::text as created_on,
      (select c.number from contract_items i join contracts c on c.id = i.contract_id
        where i.account_id = f.account_id and i.item_kind = 'filing' and i.item_ref = f.id and i.live limit 1) as held_by
    from filing_numbers f
    where f.account_id = ${accountId} and f.id = any(${sql.param(ids)}::text[])
    for update of f`);
  return new Map(rows.map((r) => [r.id, { item: { id: r.id, domain: r.domain, createdOn: r.created_on }, heldBy: r.held_by }]));
}

async function writeOrders(tx: Tx, accountId: string, add: ValidRow[], update: ValidRow[]): Promise<void> {
  const cols = (rows: ValidRow[]) => {
    const o = rows.map((r) => r.item as OrderItem);
    return [o.map((x) => x.id), o.map((x) => x.type), o.map((x) => x.product), o.map((x) => x.amountCents), o.map((x) => x.createdOn)] as const;
  };
  if (add.length) {
    const rows = add.map(({ item }) => {
      const o = item as OrderItem;
      return [accountId, o.id, o.type, o.product, o.amountCents, o.createdOn];
    });
    await copyRows(tx, 'orders', ['account_id', 'id', 'type', 'product', 'amount_cents', 'created_on'], rows);
  }
  if (update.length) {
    const [id, type, product, amount, day] = cols(update);
    await tx.execute(sql`
      update orders o set type = u.type::order_type, product = u.product, amount_cents = u.amount, created_on = u.day::date
      from unnest(${sql.param(id)}::text[], ${sql.param(type)}::text[], ${sql.param(product)}::text[], ${sql.param(amount)}::bigint[], ${sql.param(day)}::text[])
        as u(id, type, product, amount, day)
      where o.account_id = ${accountId} and o.id = u.id`);
  }
}

async function writeFilings(tx: Tx, accountId: string, add: ValidRow[], update: ValidRow[]): Promise<void> {
  const cols = (rows: ValidRow[]) => {
    const f = rows.map((r) => r.item as FilingItem);
    return [f.map((x) => x.id), f.map((x) => x.domain), f.map((x) => x.createdOn)] as const;
  };
  if (add.length) {
    const rows = add.map(({ item }) => {
      const f = item as FilingItem;
      return [accountId, f.id, f.domain, f.createdOn];
    });
    await copyRows(tx, 'filing_numbers', ['account_id', 'id', 'domain', 'created_on'], rows);
  }
  if (update.length) {
    const [id, domain, day] = cols(update);
    await tx.execute(sql`
      update filing_numbers f set domain = u.domain, created_on = u.day::date
      from unnest(${sql.param(id)}::text[], ${sql.param(domain)}::text[], ${sql.param(day)}::text[]) as u(id, domain, day)
      where f.account_id = ${accountId} and f.id = u.id`);
  }
}

/** Imports one file's valid rows for an admin of the account (or a scheduled sync); the summary counts every row of the file. */
export function importItems(ctx: Ctx, actor: UserActor | SystemActor, accountId: string, input: ImportInput): Promise<Result<ImportSummary>> {
  return inTransaction(ctx, async (tx) => {
    await requireAdmin(tx, actor, accountId, IMPORT_ACTION);
    const account = await loadAccount(tx, accountId);
    // QingCloud offers no filing contract (QingCloud's guide), so its accounts keep no filing numbers.
    if (input.kind === 'filings' && !vendorProfile(account.vendor).kinds.includes('filing')) {
      const p = vendorProfile(account.vendor);
      const kinds = { zh: p.kinds.map((k) => KIND_LABEL[k].zh).join('、'), en: p.kinds.map((k) => KIND_LABEL[k].en).join(', ') };
      refuse('VENDOR_KIND_UNSUPPORTED', { vendor: p.name, kind: KIND_LABEL.filing, kinds });
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_CLASS}, hashtext(${accountId}))`);
    const ids = input.valid.map((r) => r.item.id);
    const filings = input.kind === 'filings';
    const existing = filings ? await existingFilings(tx, accountId, ids) : await existingOrders(tx, accountId, ids);
    const plan = planImport(input.valid, existing, input.idColumn);
    if (filings) await writeFilings(tx, accountId, plan.add, plan.update);
    else await writeOrders(tx, accountId, plan.add, plan.update);
    const refused = [...input.errors, ...plan.refused].sort((a, b) => a.row - b.row);
    const summary: ImportSummary = {
      kind: input.kind,
      fileName: input.fileName,
      rows: input.rows,
      added: plan.add.length,
      updated: plan.update.length,
      unchanged: plan.unchanged,
      refused,
    };
    const refusedRows = new Set(refused.map((e) => e.row)).size;
    await recordChange(tx, {
      accountId,
      contractId: null,
      actor,
      action: 'import',
      detail: {
        kind: input.kind,
        file: input.fileName,
        sha256: input.sha256,
        rows: input.rows,
        added: summary.added,
        updated: summary.updated,
        unchanged: summary.unchanged,
        refusedRows,
        // Which items changed, as far as an audit row should carry them; the file's hash names the rest.
        addedIds: plan.add.slice(0, 50).map((r) => r.item.id),
        updatedIds: plan.update.slice(0, 50).map((r) => r.item.id),
      },
      at: ctx.clock(),
    });
    return summary;
  });
}
