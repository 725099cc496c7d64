// COPY inside a drizzle transaction: on the transaction's own connection (a rollback takes the rows away), text that
// needs escaping arrives as it was, and a refused COPY fails the transaction instead of hanging it.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { copyRows, copyText } from '../../src/db/copy.js';
import { orders } from '../../src/db/schema.js';
import { useTestDb } from '../helpers/db.js';

const env = useTestDb();
const COLUMNS = ['account_id', 'id', 'type', 'product', 'amount_cents', 'created_on'];

describe('copyRows', () => {
  it("writes on the transaction's connection: committed rows stay, rolled-back ones are gone", async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0 });
    const db = env.ctx.db;
    const odd = 'tab\there, back\\slash, \\N, line\nbreak, 云服务器';
    const n = await db.transaction((tx) =>
      copyRows(
        tx,
        'orders',
        COLUMNS,
        Array.from({ length: 4500 }, (_, i) => [acc.accountId, `CP-${i}`, 'prepaid', i === 7 ? odd : 'CVM', i, '2024-01-02']),
        1000,
      ),
    );
    expect(n).toBe(4500);
    const rows = (await db.select().from(orders).where(eq(orders.accountId, acc.accountId))).filter((r) => r.id.startsWith('CP-'));
    expect(rows).toHaveLength(4500);
    expect(rows.find((r) => r.id === 'CP-7')?.product).toBe(odd);

    await expect(
      db.transaction(async (tx) => {
        await copyRows(tx, 'orders', COLUMNS, [[acc.accountId, 'CP-rolled-back', 'postpaid', '', 1, '2024-01-03']]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [left] = await db.execute<{ n: number }>(sql`select count(*)::int as n from orders where id = 'CP-rolled-back'`);
    expect(left?.n).toBe(0);
  });

  it('rejects when PostgreSQL refuses a row, whether mid-way or after the last one, and the pool goes on', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0 });
    const db = env.ctx.db;
    const row = (id: string) => [acc.accountId, id, 'prepaid', 'CVM', 1, '2024-01-02'];
    // The duplicate is the last row: the refusal reaches us after CopyDone (the case postgres.js leaves unsettled).
    const late = db.transaction((tx) => copyRows(tx, 'orders', COLUMNS, [row('DUP-1'), row('DUP-2'), row('DUP-1')]));
    await expect(late).rejects.toThrow(/COPY into orders was refused/);
    // Refused in the first of many batches: the stream is destroyed with the server's own error.
    const many = Array.from({ length: 50_000 }, (_, i) => row(i === 1 ? 'EARLY-0' : `EARLY-${i}`));
    await expect(db.transaction((tx) => copyRows(tx, 'orders', COLUMNS, many, 500))).rejects.toThrow();
    const [left] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from orders where account_id = ${acc.accountId} and (id like 'DUP-%' or id like 'EARLY-%')`,
    );
    expect(left?.n).toBe(0);
  });

  it('escapes what COPY text would read otherwise', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText(-12)).toBe('-12');
  });
});
