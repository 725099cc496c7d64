// What an import does to the account's items: each valid row adds an item, updates one, changes nothing, or is refused
// because a live contract holds the item it would change (R13, R18). Pure: the service loads what exists and writes
// what this decides.
import type { FilingItem, ImportItem, OrderItem, RowError, ValidRow } from './import-rows.js';
import { importMessage } from './import-words.js';

export interface ExistingItem {
  item: ImportItem;
  /** The number of the live contract that holds it, or null. */
  heldBy: string | null;
}

export interface ImportPlan {
  add: ValidRow[];
  update: ValidRow[];
  unchanged: number;
  refused: RowError[];
}

const isOrder = (i: ImportItem): i is OrderItem => 'amountCents' in i;

function same(a: ImportItem, b: ImportItem): boolean {
  if (isOrder(a) && isOrder(b)) return a.type === b.type && a.product === b.product && a.amountCents === b.amountCents && a.createdOn === b.createdOn;
  const [x, y] = [a as FilingItem, b as FilingItem];
  return x.domain === y.domain && x.createdOn === y.createdOn;
}

/** `idColumn` is the id column's header as the file has it, for the refusals. */
export function planImport(rows: readonly ValidRow[], existing: ReadonlyMap<string, ExistingItem>, idColumn: string): ImportPlan {
  const plan: ImportPlan = { add: [], update: [], unchanged: 0, refused: [] };
  for (const r of rows) {
    const was = existing.get(r.item.id);
    if (!was) plan.add.push(r);
    else if (same(was.item, r.item)) plan.unchanged += 1;
    else if (was.heldBy) plan.refused.push({ row: r.row, column: idColumn, message: importMessage('HELD', { value: r.item.id, number: was.heldBy }) });
    else plan.update.push(r);
  }
  return plan;
}
