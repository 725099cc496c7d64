// A company's own orders, written straight into its account: what the import (issue 24 item 3) brings in from the
// vendor console's export, for the tests that need items before that import exists in Slack.
import type { Db } from '../../src/db/client.js';
import { orders } from '../../src/db/schema.js';
import type { OrderType } from '../../src/domain/types.js';

export interface OrderRow {
  id: string;
  type: OrderType;
  amountCents: number;
  createdOn: string;
  product?: string;
}

export async function insertOrders(db: Db, accountId: string, rows: OrderRow[]): Promise<void> {
  await db.insert(orders).values(rows.map((o) => ({ ...o, accountId, product: o.product ?? '' })));
}
